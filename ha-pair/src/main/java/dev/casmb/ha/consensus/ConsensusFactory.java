package dev.casmb.ha.consensus;

import dev.casmb.ha.consensus.atomix.AtomixConsensus;

/** Chooses the Raft library behind {@link Consensus}. See ha-pair/DESIGN-raft.md for why the default is what it is. */
public final class ConsensusFactory {
    public static final String DEFAULT_IMPL = "ratis";

    private ConsensusFactory() {
    }

    public static Consensus create(String impl, ClusterSpec spec, StateMachine sm) {
        return switch (impl) {
            case "atomix" -> new AtomixConsensus(spec, sm);
            case "ratis" -> new dev.casmb.ha.consensus.ratis.RatisConsensus(spec, sm);
            default -> throw new IllegalArgumentException("unknown consensus impl " + impl);
        };
    }
}
