package dev.casmb.ha.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.LatencyHistogram;
import dev.casmb.ha.consensus.LeadershipListener;
import dev.casmb.ha.consensus.MemberHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A fenced node's catch-up before it serves again: a barrier through the write path, applied locally. */
class CatchUpTest {
    /** The leader's replica applies at once; this member's replica applies only when told to. */
    static final class Fake implements Consensus {
        final ClusterStateMachine leader = new ClusterStateMachine();
        final ClusterStateMachine local;
        final List<byte[]> log = new ArrayList<>();
        int submits;
        boolean answer = true;
        boolean lagging;

        Fake(ClusterStateMachine local) { this.local = local; }

        void replicate() {
            while (local.appliedCount() < log.size()) {
                int i = (int) local.appliedCount();
                local.apply(i + 1, log.get(i));
            }
        }

        @Override public void start() { }
        @Override public CompletableFuture<byte[]> submit(byte[] command) {
            submits++;
            if (!answer) return new CompletableFuture<>();
            log.add(command);
            byte[] r = leader.apply(log.size(), command);
            if (!lagging) replicate();
            return CompletableFuture.completedFuture(r);
        }
        @Override public CompletableFuture<byte[]> query(byte[] q) { return CompletableFuture.completedFuture(leader.query(q)); }
        @Override public byte[] queryLocal(byte[] q) { return local.query(q); }
        @Override public void watchLeadership(LeadershipListener l) { }
        @Override public boolean isLeader() { return false; }
        @Override public String leaderId() { return "node-b"; }
        @Override public List<MemberHealth> members() { return List.of(); }
        @Override public LatencyHistogram submitLatency() { return new LatencyHistogram(); }
        @Override public void close() { }
    }

    @Test
    void waitsUntilTheLocalReplicaHasAppliedEverythingCommittedBefore() {
        ClusterStateMachine local = new ClusterStateMachine();
        Fake c = new Fake(local);
        c.submit(ClusterCommand.encode(new ClusterCommand.CreateAggregate("aggr1", "node-a")));
        c.replicate();
        // committed while this member was cut off: the partner took the aggregate over
        c.lagging = true;
        c.submit(ClusterCommand.encode(new ClusterCommand.SetOwner("aggr1", "node-b", 1, "unplanned takeover")));
        ClusterClient client = new ClusterClient(c, local, Duration.ofSeconds(1));
        assertFalse(client.catchUp(Duration.ofMillis(200)), "the replica lags: not caught up");
        assertEquals("node-a", local.aggregates().get("aggr1").owner());
        c.lagging = false;
        assertTrue(client.catchUp(Duration.ofMillis(200)));
        assertEquals("node-b", local.aggregates().get("aggr1").owner(), "the takeover is visible before serving again");
        assertEquals(1, local.aggregates().size(), "the barrier changes nothing");
    }

    @Test
    void aBarrierThatDoesNotCommitIsNotRepeatedOnEveryCall() {
        ClusterStateMachine local = new ClusterStateMachine();
        Fake c = new Fake(local);
        c.submit(ClusterCommand.encode(new ClusterCommand.CreateAggregate("aggr1", "node-a")));
        c.replicate();
        c.answer = false; // no quorum: the write never completes
        ClusterClient client = new ClusterClient(c, local, Duration.ofSeconds(1));
        int before = c.submits;
        assertFalse(client.catchUp(Duration.ofMillis(50)));
        assertFalse(client.catchUp(Duration.ofMillis(50)));
        assertEquals(before + 1, c.submits, "one barrier in flight");
    }
}
