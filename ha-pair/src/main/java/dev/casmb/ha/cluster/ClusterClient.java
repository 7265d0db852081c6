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
    private final Duration timeout;

    public ClusterClient(Consensus consensus, ClusterStateMachine state, Duration timeout) {
        this.consensus = consensus;
        this.state = state;
        this.timeout = timeout;
    }

    public ClusterStateMachine state() { return state; }
    public Consensus consensus() { return consensus; }

    /** Waits (bounded) until this member's replica has applied {@code seq} commands. */
    private void awaitLocal(long seq) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (state.appliedCount() < seq && System.nanoTime() < end) Thread.sleep(1);
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

    /**
     * Catches this member's replica up with the leader: asks the leader (a read that needs quorum) how many
     * commands it has applied and waits, bounded by {@code max}, until this replica has applied as many.
     * A fenced node calls this before it serves again, so that it acts on the ownership committed while it
     * was cut off. False if the leader cannot be reached or the replica did not catch up in time.
     */
    public boolean catchUp(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        try {
            byte[] r = consensus.query(new byte[0]).get(max.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null || r.length < 8) return true; // a backend that does not report it: the read itself needed quorum
            long seq = java.nio.ByteBuffer.wrap(r, 0, 8).getLong();
            while (state.appliedCount() < seq) {
                if (System.nanoTime() > end) return false;
                Thread.sleep(1);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }
}
