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

    /** Waits (bounded) until this member's replica has applied {@code seq} commands. */
    private void awaitLocal(long seq) throws InterruptedException {
        long t0 = System.nanoTime();
        long end = t0 + timeout.toNanos();
        while (state.appliedCount() < seq && System.nanoTime() < end) Thread.sleep(1);
        localApplyWait.recordNanos(System.nanoTime() - t0);
    }

    /** Commits a command (and waits until this member has applied it); throws IOException with the state machine's reason if it was rejected. */
    public byte[] commit(ClusterCommand c) throws IOException {
        try {
            byte[] r = consensus.submit(ClusterCommand.encode(c)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long seq = java.nio.ByteBuffer.wrap(r, 0, 8).getLong();
            awaitLocal(seq);
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
}
