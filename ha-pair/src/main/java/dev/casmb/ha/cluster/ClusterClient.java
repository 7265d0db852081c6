package dev.casmb.ha.cluster;

import dev.casmb.ha.consensus.Consensus;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submits cluster commands and waits (off any event loop) for their commit, with a bound. */
public final class ClusterClient {
    private final Consensus consensus;
    private final ClusterStateMachine state;
    private volatile Duration timeout;

    public ClusterClient(Consensus consensus, ClusterStateMachine state, Duration timeout) {
        this.consensus = consensus;
        this.state = state;
        this.timeout = timeout;
    }

    /** How long a commit may wait for a quorum (longer while a node starts and the group may still be electing). */
    public void setTimeout(Duration t) { this.timeout = t; }

    public ClusterStateMachine state() { return state; }
    public Consensus consensus() { return consensus; }

    private final dev.casmb.ha.consensus.LatencyHistogram localApplyWait = new dev.casmb.ha.consensus.LatencyHistogram();

    /** How long commits waited, after the group committed them, for this member's replica to apply them. */
    public dev.casmb.ha.consensus.LatencyHistogram localApplyWait() { return localApplyWait; }

    /** Waits (bounded by the commit timeout) until this member's replica has applied {@code seq} commands. */
    private void awaitLocal(long seq) throws InterruptedException {
        long t0 = System.nanoTime();
        appliedWithin(seq, timeout.toNanos());
        localApplyWait.recordNanos(System.nanoTime() - t0);
    }

    /**
     * Whether this replica applies {@code seq} commands within {@code nanos} (woken by the state machine's apply,
     * {@link ClusterStateMachine#whenApplied}; no polling).
     */
    private boolean appliedWithin(long seq, long nanos) throws InterruptedException {
        java.util.concurrent.CompletableFuture<Void> applied = state.whenApplied(seq);
        try {
            applied.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            applied.cancel(false);
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Commits a command (and waits until this member has applied it); throws IOException with the state machine's reason if it was rejected. */
    public byte[] commit(ClusterCommand c) throws IOException {
        return commit(c, true);
    }

    /**
     * Commits a command once a quorum has it, without waiting for this member's replica to apply it: for writes whose
     * writer reads nothing back from its own replica (persistent-handle records: the store keeps what it needs). On a
     * Raft follower this saves up to a Raft heartbeat per commit (the follower learns the commit index with the next
     * append); the group's order is the same.
     */
    public byte[] commitQuorum(ClusterCommand c) throws IOException {
        return commit(c, false);
    }

    private byte[] commit(ClusterCommand c, boolean awaitLocalApply) throws IOException {
        try {
            byte[] r = consensus.submit(ClusterCommand.encode(c)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long seq = java.nio.ByteBuffer.wrap(r, 0, 8).getLong();
            if (awaitLocalApply) awaitLocal(seq);
            return java.util.Arrays.copyOfRange(r, 8, r.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while committing " + c.getClass().getSimpleName());
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("cluster commit refused: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("cluster commit timed out after " + timeout.toMillis() + " ms (no quorum?)");
        }
    }

    /**
     * Catches this member's replica up with the group: commits a barrier (an idempotent re-declaration of an
     * existing aggregate, which changes nothing) through the ordinary write path and waits, bounded by
     * {@code max}, until this replica has applied it, and so everything committed before it. A fenced node
     * calls this before it serves again, so that it acts on the ownership committed while it was cut off.
     * One barrier at a time: a call while the previous one is still pending waits for that one. (Not a
     * read through the query client: after a partition that client may keep addressing the lost leader and
     * retry there for many seconds, which kept a survivor that had just become leader fenced.)
     * False if the barrier did not commit or the replica did not catch up in time.
     */
    public boolean catchUp(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        try {
            java.util.concurrent.CompletableFuture<byte[]> f;
            synchronized (this) {
                if (barrier == null || barrier.isDone() && barrier.isCompletedExceptionally()) {
                    java.util.Optional<ClusterStateMachine.Aggregate> any = state.aggregates().values().stream().findFirst();
                    if (any.isEmpty()) return true; // nothing owned anywhere: nothing to catch up on
                    barrier = consensus.submit(ClusterCommand.encode(
                        new ClusterCommand.CreateAggregate(any.get().name(), any.get().home())));
                }
                f = barrier;
            }
            byte[] r = f.get(max.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (barrier == f) barrier = null; // the next catch-up commits a new one
            }
            long seq = java.nio.ByteBuffer.wrap(r, 0, 8).getLong();
            return appliedWithin(seq, end - System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    private java.util.concurrent.CompletableFuture<byte[]> barrier;
}
