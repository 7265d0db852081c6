package dev.casmb.ha.consensus.ratis;

import dev.casmb.ha.consensus.ClusterSpec;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.ConsensusProvider;
import dev.casmb.ha.consensus.StateMachine;

/** {@code consensus: ratis}: {@link RatisConsensus}, registered in {@code META-INF/services}. */
public final class RatisConsensusProvider implements ConsensusProvider {
    @Override
    public String name() { return "ratis"; }

    @Override
    public Consensus create(ClusterSpec spec, StateMachine sm) { return new RatisConsensus(spec, sm); }
}
