package dev.casmb.lif.manager;

import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.command.LifStateException;
import dev.casmb.lif.driver.LoopbackLifDriver;
import dev.casmb.lif.driver.LoopbackSegment;
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;
import dev.casmb.lif.store.InMemoryLifStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State machine of the LIF manager with two nodes in one JVM sharing an in-memory store. */
class LifManagerTest {

    static final LifAddress A11 = LifAddress.parse("127.0.0.11/8");
    static final LifAddress A12 = LifAddress.parse("127.0.0.12/8");

    InMemoryLifStateStore store;
    LoopbackSegment segment;
    LoopbackLifDriver loopA;
    LoopbackLifDriver loopB;
    FaultyDriver driverA;
    FaultyDriver driverB;
    LifManager a;
    LifManager b;
    RecordingListener evA;
    RecordingListener evB;

    @BeforeEach
    void setUp() {
        store = new InMemoryLifStateStore();
        segment = new LoopbackSegment();
        loopA = new LoopbackLifDriver("node-a", segment);
        loopB = new LoopbackLifDriver("node-b", segment);
        driverA = new FaultyDriver(loopA);
        driverB = new FaultyDriver(loopB);
        a = new LifManager("node-a", "node-b", driverA, store);
        b = new LifManager("node-b", "node-a", driverB, store);
        evA = new RecordingListener();
        evB = new RecordingListener();
        a.addListener(evA);
        b.addListener(evB);
        a.start();
        b.start();
        a.createSvm("svm1", "casmb1", "casmb1.example.test");
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    Lif createA(String name, LifAddress addr, FailoverPolicy policy, boolean autoRevert) {
        return a.create(name, "svm1", addr, "node-a", "eth0", policy, autoRevert);
    }

    @Test
    void createPlumbsOnHomeNode() {
        Lif lif = createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        assertTrue(lif.operUp());
        assertTrue(lif.isHome());
        assertTrue(loopA.isPlumbed(A11));
        assertFalse(loopB.isPlumbed(A11));
        assertEquals(Set.of("lif_a"), a.hostedHere());
        assertEquals(List.of("up:lif_a@node-a:eth0"), evA.drain());
        assertEquals(List.of(), evB.drain());
    }

    @Test
    void createCanBeCalledOnEitherNode() {
        Lif lif = b.create("lif_a", "svm1", A11, "node-a", "eth0", FailoverPolicy.PARTNER, true);
        assertTrue(lif.operUp());
        assertEquals(Set.of("lif_a"), a.hostedHere());
    }

    @Test
    void migrateAnnouncesReleasesThenPlumbsOnTarget() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        Lif lif = a.migrate("lif_a", "node-b");
        assertEquals(new LifLocation("node-b", "eth0"), lif.current());
        assertTrue(lif.operUp());
        assertEquals(MoveReason.MIGRATE, lif.lastReason());
        assertFalse(loopA.isPlumbed(A11));
        assertTrue(loopB.isPlumbed(A11));
        assertEquals(List.of("moving:lif_a:node-a->node-b", "down:lif_a@node-a"), evA.drain());
        assertEquals(List.of("up:lif_a@node-b:eth0"), evB.drain());
        assertEquals(Set.of(), a.hostedHere());
        assertEquals(Set.of("lif_a"), b.hostedHere());
    }

    @Test
    void migrateInitiatedOnTargetNodeWorksToo() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        Lif lif = b.migrate("lif_a", "node-b");
        assertEquals("node-b", lif.current().node());
        assertEquals(List.of("moving:lif_a:node-a->node-b", "down:lif_a@node-a"), evA.drain());
        assertEquals(List.of("up:lif_a@node-b:eth0"), evB.drain());
    }

    @Test
    void migrateIsIdempotent() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        a.migrate("lif_a", "node-b");
        evA.drain();
        evB.drain();
        ClusterLifState before = store.state();
        Lif again = a.migrate("lif_a", "node-b");
        assertEquals(before.lif("lif_a").orElseThrow(), again);
        assertEquals(before.lifs(), store.state().lifs());
        assertEquals(List.of(), evA.drain());
        assertEquals(List.of(), evB.drain());
        // replaying the replicated command itself changes nothing either
        store.apply(new LifCommand.RequestMove("lif_a", new LifLocation("node-b", "eth0"), MoveReason.MIGRATE));
        assertEquals(before.lifs(), store.state().lifs());
    }

    @Test
    void revertGoesHome() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, false);
        a.migrate("lif_a", "node-b");
        evA.drain();
        evB.drain();
        Lif lif = b.revert("lif_a");
        assertTrue(lif.isHome());
        assertTrue(lif.operUp());
        assertEquals(MoveReason.REVERT, lif.lastReason());
        assertTrue(loopA.isPlumbed(A11));
        assertFalse(loopB.isPlumbed(A11));
        assertEquals(List.of("moving:lif_a:node-b->node-a", "down:lif_a@node-b"), evB.drain());
        assertEquals(List.of("up:lif_a@node-a:eth0"), evA.drain());
    }

    @Test
    void failoverOnPartnerLossThenAutoRevertAfterGiveback() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        createA("lif_noauto", A12, FailoverPolicy.PARTNER, false);
        createA("lif_pinned", LifAddress.parse("127.0.0.13/8"), FailoverPolicy.DISABLED, true);
        evA.drain();

        a.close(); // node-a dies: its addresses go away, the state still says node-a
        assertEquals(3, evA.drain().size());
        List<Lif> taken = b.onPartnerDown();
        assertEquals(2, taken.size());
        assertEquals(Set.of("lif_a", "lif_noauto"), b.hostedHere());
        Lif failed = b.lif("lif_a");
        assertEquals("node-b", failed.current().node());
        assertEquals(MoveReason.FAILOVER, failed.lastReason());
        assertTrue(failed.operUp());
        Lif pinned = b.lif("lif_pinned");
        assertEquals("node-a", pinned.current().node());
        assertTrue(evB.drain().containsAll(List.of("up:lif_a@node-b:eth0", "up:lif_noauto@node-b:eth0")));

        // node-a comes back: it plumbs what the state gives it (lif_pinned), nothing else
        LifManager a2 = new LifManager("node-a", "node-b", driverA, store);
        a2.addListener(evA);
        a2.start();
        try {
            assertEquals(Set.of("lif_pinned"), a2.hostedHere());
            List<Lif> reverted = b.onGiveback();
            assertEquals(1, reverted.size());
            assertEquals("lif_a", reverted.get(0).name());
            assertTrue(b.lif("lif_a").isHome());
            assertEquals(MoveReason.GIVEBACK, b.lif("lif_a").lastReason());
            assertEquals(Set.of("lif_a", "lif_pinned"), a2.hostedHere());
            assertEquals(Set.of("lif_noauto"), b.hostedHere());
            assertTrue(loopA.isPlumbed(A11));
            assertFalse(loopB.isPlumbed(A11));
        } finally {
            a2.close();
        }
    }

    @Test
    void twoLifsOnOnePort() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        createA("lif_b", A12, FailoverPolicy.PARTNER, true);
        assertEquals(Set.of("lif_a", "lif_b"), a.hostedHere());
        assertEquals(List.of("up:lif_a@node-a:eth0", "up:lif_b@node-a:eth0"), evA.drain());
        a.migrate("lif_b", "node-b");
        assertEquals(Set.of("lif_a"), a.hostedHere());
        assertEquals(Set.of("lif_b"), b.hostedHere());
        assertTrue(loopA.isPlumbed(A11));
        assertTrue(loopB.isPlumbed(A12));
        assertEquals(List.of("moving:lif_b:node-a->node-b", "down:lif_b@node-a"), evA.drain());
    }

    @Test
    void addressConflictIsRejectedAndChangesNothing() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        ClusterLifState before = store.state();
        LifStateException e = assertThrows(LifStateException.class,
                () -> b.create("lif_dup", "svm1", LifAddress.parse("127.0.0.11/24"), "node-b", "eth0",
                        FailoverPolicy.PARTNER, true));
        assertTrue(e.getMessage().contains("127.0.0.11") && e.getMessage().contains("lif_a"), e.getMessage());
        assertEquals(before, store.state());
        assertEquals(Set.of(), b.hostedHere());
    }

    @Test
    void addressHeldOutsideTheStateLeavesLifDownWithError() {
        // someone else (not a LIF) holds 127.0.0.12 on the segment
        new LoopbackLifDriver("intruder", segment).plumb(A12, "lo");
        Lif lif = createA("lif_b", A12, FailoverPolicy.PARTNER, true);
        assertFalse(lif.operUp());
        assertNotNull(lif.lastError());
        assertTrue(lif.lastError().contains("in use"), lif.lastError());
        assertEquals(Set.of(), a.hostedHere());
    }

    @Test
    void driverFailureOnTargetRollsBack() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        driverB.failPlumb = true;
        LifOperationException e = assertThrows(LifOperationException.class, () -> a.migrate("lif_a", "node-b"));
        assertTrue(e.getMessage().contains("rolled back") && e.getMessage().contains("injected"), e.getMessage());
        Lif lif = a.lif("lif_a");
        assertEquals(new LifLocation("node-a", "eth0"), lif.current());
        assertTrue(lif.operUp());
        assertEquals(MoveReason.ROLLBACK, lif.lastReason());
        assertTrue(loopA.isPlumbed(A11));
        assertFalse(loopB.isPlumbed(A11));
        assertEquals(List.of("moving:lif_a:node-a->node-b", "down:lif_a@node-a", "up:lif_a@node-a:eth0"),
                evA.drain());
        assertEquals(List.of(), evB.drain());

        driverB.failPlumb = false; // port fixed: the migration now works
        assertEquals("node-b", a.migrate("lif_a", "node-b").current().node());
        assertTrue(loopB.isPlumbed(A11));
    }

    @Test
    void unplumbFailureOnSourceCancelsTheMove() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        driverA.failUnplumb = true;
        assertThrows(LifOperationException.class, () -> a.migrate("lif_a", "node-b"));
        Lif lif = a.lif("lif_a");
        assertEquals("node-a", lif.current().node());
        assertEquals(null, lif.pending());
        assertTrue(lif.operUp());
        assertTrue(loopA.isPlumbed(A11));
        assertFalse(loopB.isPlumbed(A11));
        driverA.failUnplumb = false;
    }

    @Test
    void failoverWithNoPlumbingPossibleLeavesLifDown() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        a.close();
        driverB.failPlumb = true;
        assertTrue(b.onPartnerDown().isEmpty());
        Lif lif = b.lif("lif_a");
        assertEquals("node-b", lif.current().node()); // nowhere to roll back to: the partner is gone
        assertFalse(lif.operUp());
        assertTrue(lif.lastError().contains("injected"));
    }

    @Test
    void disableAndEnable() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        Lif off = b.disable("lif_a");
        assertFalse(off.adminUp());
        assertFalse(off.operUp());
        assertFalse(loopA.isPlumbed(A11));
        assertEquals(List.of("down:lif_a@node-a"), evA.drain());
        assertEquals(off, b.disable("lif_a")); // idempotent
        Lif on = b.enable("lif_a");
        assertTrue(on.adminUp());
        assertTrue(on.operUp());
        assertTrue(loopA.isPlumbed(A11));
        assertEquals(List.of("up:lif_a@node-a:eth0"), evA.drain());
    }

    @Test
    void migrateWhileDisabledMovesWithoutPlumbing() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        a.disable("lif_a");
        Lif lif = a.migrate("lif_a", "node-b");
        assertEquals("node-b", lif.current().node());
        assertFalse(lif.operUp());
        assertFalse(loopB.isPlumbed(A11));
        assertTrue(b.enable("lif_a").operUp());
        assertTrue(loopB.isPlumbed(A11));
    }

    @Test
    void deleteReleasesTheAddress() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        b.delete("lif_a");
        assertFalse(loopA.isPlumbed(A11));
        assertEquals(List.of("down:lif_a@node-a"), evA.drain());
        b.delete("lif_a"); // idempotent
        assertTrue(store.state().lif("lif_a").isEmpty());
    }

    @Test
    void migrateToNodeThatIsNotRunningTimesOutWithHint() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        b.close();
        a.setOperationTimeout(java.time.Duration.ofMillis(200));
        LifOperationException e = assertThrows(LifOperationException.class, () -> a.migrate("lif_a", "node-b"));
        assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains("not plumbed"), e.getMessage());
        assertFalse(loopA.isPlumbed(A11));
    }

    @Test
    void stateSnapshotRestoresOnAFreshStore() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        a.migrate("lif_a", "node-b");
        InMemoryLifStateStore copy = new InMemoryLifStateStore();
        copy.restore(store.snapshot());
        assertEquals(store.state(), copy.state());
    }

    @Test
    void suspendTakesAddressesOffWithoutStateChangeAndResumePutsThemBack() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        assertEquals(List.of("lif_a"), a.suspendPlumbing());
        assertFalse(loopA.isPlumbed(A11), "a fenced node holds no LIF address");
        assertTrue(a.hostedHere().isEmpty());
        Lif lif = a.lif("lif_a");
        assertEquals("node-a", lif.current().node(), "the replicated state is not written while fenced");
        assertTrue(lif.operUp());
        assertTrue(evA.drain().isEmpty(), "no lifDown: client connections stay for a short quorum loss");
        a.resumePlumbing();
        assertTrue(loopA.isPlumbed(A11));
        assertEquals(Set.of("lif_a"), a.hostedHere());
        assertTrue(evA.drain().isEmpty());
    }

    @Test
    void addressTakenOverWhileSuspendedIsNeverPlumbedAgainHere() {
        createA("lif_a", A11, FailoverPolicy.PARTNER, true);
        evA.drain();
        a.suspendPlumbing();
        // the partner takes over meanwhile (partition: node-a cannot see it)
        List<Lif> taken = b.onPartnerDown();
        assertEquals(1, taken.size());
        assertTrue(loopB.isPlumbed(A11));
        assertFalse(loopA.isPlumbed(A11), "state changes plumb nothing on a suspended node");
        driverA.failPlumb = true; // a plumb attempt for lif_a on node-a would now be visible as a failure
        a.resumePlumbing();
        driverA.failPlumb = false;
        assertFalse(loopA.isPlumbed(A11));
        assertTrue(loopB.isPlumbed(A11));
        assertTrue(a.hostedHere().isEmpty());
        assertEquals(List.of("down:lif_a@node-a"), evA.drain(), "its clients are reset (lifDown) on resume");
        assertEquals("node-b", a.lif("lif_a").current().node());
        assertTrue(a.lif("lif_a").operUp());
        // giveback still works afterwards
        b.revert("lif_a");
        assertTrue(loopA.isPlumbed(A11));
        assertFalse(loopB.isPlumbed(A11));
    }
}
