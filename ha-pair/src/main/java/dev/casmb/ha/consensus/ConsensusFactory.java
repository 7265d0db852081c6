package dev.casmb.ha.consensus;

import java.util.ServiceLoader;

/**
 * Chooses the Raft library behind {@link Consensus} by name among the {@link ConsensusProvider}s on the class path:
 * Apache Ratis ({@code consensus.ratis}). The Atomix backend, the user's first choice, was measured and replaced
 * (leader-kill write gaps never under ≈1.05 s, the mediator could not be kept from leading) and then retired, as no
 * test exercised it any more; the measurements are in ha-pair/DESIGN-raft.md.
 */
public final class ConsensusFactory {
    public static final String DEFAULT_IMPL = "ratis";

    private ConsensusFactory() {
    }

    public static Consensus create(String impl, ClusterSpec spec, StateMachine sm) {
        if (impl.equals("atomix")) {
            throw new IllegalArgumentException("the Atomix consensus backend was retired (see ha-pair/DESIGN-raft.md);"
                + " use consensus: ratis");
        }
        for (ConsensusProvider p : ServiceLoader.load(ConsensusProvider.class, ConsensusFactory.class.getClassLoader())) {
            if (p.name().equals(impl)) return p.create(spec, sm);
        }
        throw new IllegalArgumentException("unknown consensus impl " + impl);
    }
}
