/**
 * The pair's replicated cluster state on top of {@link dev.casmb.ha.consensus.Consensus}:
 * {@link dev.casmb.ha.cluster.ClusterStateMachine} (aggregate ownership with epochs, persistent-handle records and
 * their lock overlays, the LIF state, the admin-made share table), its {@link dev.casmb.ha.cluster.ClusterCommand}s,
 * and the adapters the servers use: {@link dev.casmb.ha.cluster.RaftHandleStore} ({@code smb3-server}'s
 * {@code HandleStore}, every write stamped with the owner's epoch) and {@link dev.casmb.ha.cluster.RaftLifStateStore}.
 * Decides no failover itself; that is {@link dev.casmb.ha.pair}.
 */
package dev.casmb.ha.cluster;
