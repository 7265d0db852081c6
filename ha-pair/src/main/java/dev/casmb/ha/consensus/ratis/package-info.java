/**
 * The default {@link dev.casmb.ha.consensus.Consensus} backend, Apache Ratis 3.3 (shaded, Netty RPC): mediator at
 * priority 0 and handing leadership back to a data node, fast elections on proven process death, direct write routing
 * with retry-cache-safe retries, auto snapshots and log purging; {@code RatisStateMachine} adapts
 * {@link dev.casmb.ha.consensus.ReplicatedState} to Ratis's lifecycle. Measurements and reasons:
 * {@code ha-pair/DESIGN-raft.md}.
 */
package dev.casmb.ha.consensus.ratis;
