package dev.casmb.ha.consensus;

/**
 * A Raft library behind {@link Consensus}, found by {@link ConsensusFactory} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.casmb.ha.consensus.ConsensusProvider}), so that this package does not depend on its
 * implementations ({@code consensus.ratis} depends on it).
 */
public interface ConsensusProvider {
    /** The name configurations use ({@code consensus: ratis}). */
    String name();

    Consensus create(ClusterSpec spec, StateMachine sm);
}
