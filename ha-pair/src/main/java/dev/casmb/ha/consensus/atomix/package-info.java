/**
 * {@link dev.casmb.ha.consensus.Consensus} over Atomix 3.1.12's low-level RaftServer/RaftClient, kept as the
 * non-default backend ({@code --impl atomix}): a minimal primitive type and service that pass raw group-committed
 * batches. Why it is not the default (leader-kill gaps above 1 s, no leader priority):
 * {@code ha-pair/DESIGN-raft.md}.
 */
package dev.casmb.ha.consensus.atomix;
