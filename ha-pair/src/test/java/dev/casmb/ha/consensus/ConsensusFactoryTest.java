package dev.casmb.ha.consensus;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The Raft library is found by name through ServiceLoader; retired or unknown names are refused. */
class ConsensusFactoryTest {
    @Test
    void ratisIsRegistered() {
        assertTrue(ServiceLoader.load(ConsensusProvider.class).stream()
            .anyMatch(p -> p.get().name().equals(ConsensusFactory.DEFAULT_IMPL)));
    }

    @Test
    void unknownAndRetiredImplementationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConsensusFactory.create("atomix", null, null));
        assertThrows(IllegalArgumentException.class, () -> ConsensusFactory.create("paxos", null, null));
    }
}
