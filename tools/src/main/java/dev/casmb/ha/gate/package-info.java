/**
 * Consensus acceptance tools run as separate member JVMs (not unit tests, not part of the file server):
 * {@link dev.casmb.ha.gate.MemberMain} runs one member of the HA Raft group (node A, node B or the mediator) as a
 * process with a line protocol on stdin/stdout over {@link dev.casmb.ha.state.KvStateMachine};
 * {@link dev.casmb.ha.gate.LeaderKillGate} kills the Raft leader N times and checks the write gap and that no
 * acknowledged write is lost ({@code ha-pair/run-gate.sh}, {@code LeaderKillGateTest} in this module's tests),
 * {@link dev.casmb.ha.gate.CommitBench} measures commit latency ({@code ha-pair/run-commit-bench.sh}). Results and
 * the gate's criteria: {@code ha-pair/DESIGN-raft.md}.
 */
package dev.casmb.ha.gate;
