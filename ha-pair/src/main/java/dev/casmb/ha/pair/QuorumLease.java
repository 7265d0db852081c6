package dev.casmb.ha.pair;

import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.MemberHealth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's quorum lease (README "Design notes", "Never two owners"): how long ago this member last had
 * contact proving a Raft quorum, from its own view of the members. Renewed every 100 ms from Raft's contact ages
 * (no network wait); a backend without contact ages falls back to a read that needs quorum, off the checking
 * thread and one at a time. {@code dev.casmb.ha.takeover.TakeoverDecision} decides what an aged lease means.
 */
final class QuorumLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QuorumLease.class);
    static final long CHECK_INTERVAL_MS = 100;
    private final String me;
    private final Consensus consensus;
    private final long fenceMs;
    private volatile long lastQuorumNanos = System.nanoTime();
    private volatile CompletableFuture<Void> probe;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "quorum-lease"));
    private final ExecutorService probeExec = Executors.newSingleThreadExecutor(r -> daemon(r, "quorum-read"));

    QuorumLease(String me, Consensus consensus, long fenceMs) {
        this.me = me;
        this.consensus = consensus;
        this.fenceMs = fenceMs;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        checker.scheduleWithFixedDelay(this::check, 0, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Milliseconds since the last contact that proved quorum. */
    long ageMs() {
        return (System.nanoTime() - lastQuorumNanos) / 1_000_000;
    }

    /**
     * The quorum lease, from this member's own Raft view (no client round trip that could wedge): a follower
     * has quorum while it hears from the leader; the leader while at least one follower answers. A backend that
     * reports no contact ages falls back to a linearizable read.
     */
    private void check() {
        try {
            long now = System.nanoTime();
            if (consensus.reportsContactAges()) {
                // no reported age (e.g. this member is a candidate): no evidence of quorum, the lease just ages
                Long age = contactAgeMs(me, consensus.isLeader(), consensus.members());
                if (age != null && age >= 0 && age < fenceMs) renew(now - age * 1_000_000L);
                return;
            }
            // A backend without contact ages: a read that needs quorum, off this thread and one at a time. Never
            // on this thread: a Ratis client connects synchronously in the caller, and to a blackholed peer that
            // took minutes, so the lease thread hung and a survivor that was a candidate stayed fenced.
            if (probe == null || probe.isDone()) {
                probe = CompletableFuture.runAsync(() -> {
                    try {
                        consensus.query(new byte[0]).get(fenceMs, TimeUnit.MILLISECONDS);
                        renew(now); // the read was sent at `now`: quorum was there no earlier than that
                    } catch (Exception e) {
                        log.debug("quorum read failed: {}", e.toString());
                    }
                }, probeExec);
            }
        } catch (RuntimeException e) {
            log.debug("quorum check failed: {}", e.toString());
        }
    }

    /**
     * The lease runs from the instant of the last contact that proved quorum, not from when that contact was
     * noticed: counting from the check would stretch the lease by up to {@code fence} (measured: a cut-off
     * node fenced 1.4 s after a partition, after its partner's takeover at 1.1 s).
     */
    synchronized void renew(long contactNanos) {
        if (contactNanos - lastQuorumNanos > 0) lastQuorumNanos = contactNanos;
    }

    @Override
    public void close() {
        checker.shutdownNow();
        probeExec.shutdownNow();
    }

    /**
     * A follower has quorum through the leader, so its age is the leader's last contact; a leader has quorum
     * while any follower answers (three members), so its age is the freshest follower's. Returns -1 when no
     * such contact was ever made, and null when the backend reports no contact ages at all (the caller then
     * falls back to a read that needs quorum).
     */
    static Long contactAgeMs(String me, boolean leader, List<MemberHealth> members) {
        boolean known = members.stream().anyMatch(m -> !m.id().equals(me) && m.lastContactMillis() >= 0);
        if (!known) return null;
        long best = -1;
        for (MemberHealth m : members) {
            if (m.id().equals(me) || m.lastContactMillis() < 0) continue;
            if (!leader && !m.leader()) continue;
            if (best < 0 || m.lastContactMillis() < best) best = m.lastContactMillis();
        }
        return best;
    }

    /**
     * Whether the partner may still hold its own quorum lease, as far as this member can tell: only the Raft
     * leader sees the partner's contact age. A partner that answered the leader within {@code fenceMs} may
     * still be serving, so it is not taken over on heartbeat silence alone (a broken heartbeat link, or a
     * partition in which the heartbeat path died before the Raft path). A follower cannot tell: false.
     */
    static boolean partnerMayHoldLease(String partner, boolean leader, List<MemberHealth> members, long fenceMs) {
        if (!leader) return false;
        for (MemberHealth m : members) {
            if (m.id().equals(partner)) return m.lastContactMillis() >= 0 && m.lastContactMillis() < fenceMs;
        }
        return false;
    }
}
