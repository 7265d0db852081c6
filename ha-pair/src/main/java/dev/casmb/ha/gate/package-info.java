/**
 * Consensus acceptance tools run as separate member JVMs (not unit tests): {@link dev.casmb.ha.gate.LeaderKillGate}
 * kills the Raft leader N times and checks the write gap and that no acknowledged write is lost
 * ({@code ha-pair/run-gate.sh}), {@link dev.casmb.ha.gate.CommitBench} measures commit latency
 * ({@code ha-pair/run-commit-bench.sh}). Results and the gate's criteria: {@code ha-pair/DESIGN-raft.md}.
 */
package dev.casmb.ha.gate;
