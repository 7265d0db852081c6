package dev.casmb.lif.command;

import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure transition function, without managers. */
class LifStateMachineTest {

    static final LifLocation A = new LifLocation("node-a", "eth0");
    static final LifLocation B = new LifLocation("node-b", "eth0");

    ClusterLifState s = ClusterLifState.EMPTY;

    ClusterLifState apply(LifCommand c) {
        s = LifStateMachine.apply(s, c);
        return s;
    }

    Lif lif() {
        return s.lif("lif_a").orElseThrow();
    }

    void setUpUpOnA() {
        apply(new LifCommand.CreateSvm("svm1", "CASMB1", "casmb1.example.test"));
        apply(new LifCommand.CreateLif("lif_a", "svm1", LifAddress.parse("10.77.0.100/24"), A,
                FailoverPolicy.PARTNER, true));
        apply(new LifCommand.SetOperStatus("lif_a", "node-a", true));
    }

    @Test
    void everyCommandIsIdempotent() {
        setUpUpOnA();
        for (LifCommand c : LifCodecTest.allCommands()) {
            ClusterLifState once;
            try {
                once = LifStateMachine.apply(s, c);
            } catch (LifStateException e) {
                continue; // invalid here; invalid twice too
            }
            ClusterLifState twice = LifStateMachine.apply(once, c);
            assertEquals(once.lifs(), twice.lifs(), c.toString());
            assertEquals(once.svms(), twice.svms(), c.toString());
            assertEquals(once.appliedIndex() + 1, twice.appliedIndex());
        }
    }

    @Test
    void plannedMoveIsTwoPhase() {
        setUpUpOnA();
        apply(new LifCommand.RequestMove("lif_a", B, MoveReason.MIGRATE));
        assertEquals(A, lif().current());
        assertEquals(B, lif().pending());
        apply(new LifCommand.CompleteRelease("lif_a", "node-b")); // wrong node: ignored
        assertEquals(A, lif().current());
        apply(new LifCommand.CompleteRelease("lif_a", "node-a"));
        assertEquals(B, lif().current());
        assertEquals(A, lif().previous());
        assertNull(lif().pending());
        assertFalse(lif().operUp());
        apply(new LifCommand.SetOperStatus("lif_a", "node-a", true)); // stale: ignored
        assertFalse(lif().operUp());
        apply(new LifCommand.SetOperStatus("lif_a", "node-b", true));
        assertTrue(lif().operUp());
    }

    @Test
    void plumbFailureRollsBackToPreviousOrStaysDown() {
        setUpUpOnA();
        apply(new LifCommand.RequestMove("lif_a", B, MoveReason.MIGRATE));
        apply(new LifCommand.CompleteRelease("lif_a", "node-a"));
        apply(new LifCommand.PlumbFailed("lif_a", "node-b", "no such port"));
        assertEquals(A, lif().current());
        assertEquals(MoveReason.ROLLBACK, lif().lastReason());
        assertEquals("no such port", lif().lastError());
        assertNull(lif().previous());
        // the previous node fails too: nowhere left to go, it stays down with the error
        apply(new LifCommand.PlumbFailed("lif_a", "node-a", "port down"));
        assertEquals(A, lif().current());
        assertFalse(lif().operUp());
        assertEquals("port down", lif().lastError());
    }

    @Test
    void takeoverMovesAtOnceWithoutRollbackTarget() {
        setUpUpOnA();
        apply(new LifCommand.Takeover("lif_a", B, MoveReason.FAILOVER));
        assertEquals(B, lif().current());
        assertNull(lif().previous());
        assertEquals(MoveReason.FAILOVER, lif().lastReason());
    }

    @Test
    void requestMoveToCurrentLocationCancelsPending() {
        setUpUpOnA();
        apply(new LifCommand.RequestMove("lif_a", B, MoveReason.MIGRATE));
        apply(new LifCommand.RequestMove("lif_a", A, MoveReason.ROLLBACK));
        assertNull(lif().pending());
        assertEquals(A, lif().current());
    }

    @Test
    void invalidCommandsThrowAndChangeNothing() {
        setUpUpOnA();
        ClusterLifState before = s;
        assertThrows(LifStateException.class, () -> apply(new LifCommand.SetAdminStatus("nope", true)));
        assertThrows(LifStateException.class, () -> apply(new LifCommand.CreateLif("lif_x", "nosvm",
                LifAddress.parse("10.77.0.101/24"), A, FailoverPolicy.PARTNER, true)));
        assertThrows(LifStateException.class, () -> apply(new LifCommand.CreateLif("lif_x", "svm1",
                LifAddress.parse("10.77.0.100/16"), B, FailoverPolicy.PARTNER, true)));
        assertThrows(LifStateException.class, () -> apply(new LifCommand.CreateSvm("svm1", "OTHER", "o.test")));
        assertThrows(LifStateException.class, () -> apply(new LifCommand.DeleteSvm("svm1")));
        assertEquals(before, s);
    }
}
