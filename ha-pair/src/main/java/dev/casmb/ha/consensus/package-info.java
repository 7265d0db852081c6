/**
 * Raft behind a narrow interface ({@link dev.casmb.ha.consensus.Consensus}: submit, linearizable and local query,
 * leadership, member health) with the project's own pure {@link dev.casmb.ha.consensus.StateMachine} SPI, group commit
 * ({@link dev.casmb.ha.consensus.GroupCommitter}, CRC-framed batches in {@link dev.casmb.ha.consensus.BatchCodec}),
 * and the process-death detector {@link dev.casmb.ha.consensus.PeerLiveness}. The backend is in the {@code ratis}
 * subpackage (Atomix was measured, replaced and retired); nothing above this package sees the Raft library. See
 * {@code ha-pair/DESIGN-raft.md}.
 */
package dev.casmb.ha.consensus;
