package dev.casmb.ha.consensus;

/**
 * Chooses the Raft library behind {@link Consensus}: Apache Ratis. The Atomix backend, the user's first choice, was
 * measured and replaced (leader-kill write gaps never under ≈1.05 s, the mediator could not be kept from leading) and
 * then retired, as no test exercised it any more; the measurements are in ha-pair/DESIGN-raft.md.
 */
public final class ConsensusFactory {
    public static final String DEFAULT_IMPL = "ratis";

    private ConsensusFactory() {
    }

    public static Consensus create(String impl, ClusterSpec spec, StateMachine sm) {
        return switch (impl) {
            case "atomix" -> throw new IllegalArgumentException("the Atomix consensus backend was retired (see ha-pair/DESIGN-raft.md);"
                + " use consensus: ratis");
            case "ratis" -> new dev.casmb.ha.consensus.ratis.RatisConsensus(spec, sm);
            default -> throw new IllegalArgumentException("unknown consensus impl " + impl);
        };
    }
}
