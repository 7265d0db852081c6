package dev.casmb.ha.consensus;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Narrow consensus interface of the HA pair (docs/DESIGN.md "HA pair acceptance criteria", Consensus). Everything
 * above it (handle store, aggregate ownership, takeover orchestrator) depends only on this, not on the Raft
 * library.
 */
public interface Consensus extends AutoCloseable {

    /** Starts the member (storage recovery, joining the group). Returns once the local server runs. */
    void start() throws Exception;

    /**
     * Replicates a command. The future completes after the command is committed and applied, with the
     * state machine's result; exceptionally with {@link CommandRejectedException} if the state machine
     * rejected it. Concurrent submits are group-committed; never call {@code join()} on the result from a
     * Netty event loop.
     */
    CompletableFuture<byte[]> submit(byte[] command);

    /** Linearizable read of committed state (served by the leader after it confirms leadership). */
    CompletableFuture<byte[]> query(byte[] query);

    /** Read of this member's locally applied state (may lag the leader; no network). */
    byte[] queryLocal(byte[] query);

    void watchLeadership(LeadershipListener listener);

    boolean isLeader();

    /** Leader id as this member knows it, or null. */
    String leaderId();

    List<MemberHealth> members();

    /**
     * Whether {@link #members()} reports contact ages (time since this member last heard from the leader, or
     * on the leader from each follower). If so, no reported age means no contact (e.g. an election is on).
     */
    default boolean reportsContactAges() {
        return false;
    }

    /**
     * Asks the current leader to hand leadership to {@code memberId} (best effort; completes when the
     * transfer succeeded, exceptionally otherwise). Implementations that cannot do it fail the future.
     */
    default CompletableFuture<Void> transferLeadership(String memberId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("leadership transfer not supported"));
    }

    /**
     * Whether this member has proof that {@code memberId}'s process is dead (not merely silent): its side
     * connection broke and a reconnect was refused by its host. Backends without such a detector say false.
     */
    default boolean peerProcessDead(String memberId) {
        return false;
    }

    /** Latencies of {@link #submit} from call to completion (group commit included). */
    LatencyHistogram submitLatency();

    /** Stops the member (not a leave: the member stays in the configuration). */
    @Override
    void close();
}
