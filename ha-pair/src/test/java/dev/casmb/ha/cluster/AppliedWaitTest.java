package dev.casmb.ha.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Waits for this replica's apply are woken by the apply itself (no polling), and bounded. */
class AppliedWaitTest {
    static byte[] create(String aggr) {
        return ClusterCommand.encode(new ClusterCommand.CreateAggregate(aggr, "node-a"));
    }

    @Test
    void completesWhenTheCountIsReachedAndNotBefore() {
        ClusterStateMachine s = new ClusterStateMachine();
        CompletableFuture<Void> two = s.whenApplied(2);
        CompletableFuture<Void> one = s.whenApplied(1);
        assertFalse(one.isDone());
        s.apply(1, create("aggr1"));
        assertTrue(one.isDone());
        assertFalse(two.isDone(), "one command applied, two awaited");
        s.apply(2, create("aggr2"));
        assertTrue(two.isDone());
        assertTrue(s.whenApplied(2).isDone(), "already applied: at once");
    }

    @Test
    void aSnapshotInstallWakesTheWaitersItCovers() {
        ClusterStateMachine leader = new ClusterStateMachine();
        leader.apply(1, create("aggr1"));
        leader.apply(2, create("aggr2"));
        ClusterStateMachine follower = new ClusterStateMachine();
        CompletableFuture<Void> two = follower.whenApplied(2);
        CompletableFuture<Void> three = follower.whenApplied(3);
        follower.restore(leader.snapshot());
        assertTrue(two.isDone());
        assertFalse(three.isDone());
    }

    @Test
    void aCommitReturnsOnceTheLaggingReplicaApplied() throws Exception {
        ClusterStateMachine local = new ClusterStateMachine();
        CatchUpTest.Fake c = new CatchUpTest.Fake(local);
        c.lagging = true;
        ClusterClient client = new ClusterClient(c, local, Duration.ofSeconds(5));
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                client.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(done.isDone(), "waits for the local replica");
        synchronized (c) {
            c.replicate();
        }
        done.get(2, TimeUnit.SECONDS);
        assertEquals("node-a", local.aggregates().get("aggr1").owner());
    }

    @Test
    void aReplicaThatNeverCatchesUpEndsTheWaitAtTheTimeout() throws Exception {
        ClusterStateMachine local = new ClusterStateMachine();
        CatchUpTest.Fake c = new CatchUpTest.Fake(local);
        c.lagging = true;
        ClusterClient client = new ClusterClient(c, local, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        client.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 150 && ms < 3000, "bounded by the commit timeout: " + ms + " ms");
        assertEquals(1, client.localApplyWait().count());
    }
}
