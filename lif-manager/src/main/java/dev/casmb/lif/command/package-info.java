/**
 * Changes to the replicated LIF state: the sealed {@link dev.casmb.lif.command.LifCommand}s (idempotent, the Raft log
 * entries), the pure deterministic {@link dev.casmb.lif.command.LifStateMachine} {@code (state, command) -> state},
 * and {@link dev.casmb.lif.command.LifCodec}, the versioned binary codec of commands and snapshots. No I/O, no
 * replication: the stores in {@link dev.casmb.lif.store} and {@code ha-pair} apply these.
 */
package dev.casmb.lif.command;
