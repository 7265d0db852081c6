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

    /** Commits a command; throws IOException with the state machine's reason if it was rejected. */
    public byte[] commit(ClusterCommand c) throws IOException {
        try {
            return consensus.submit(ClusterCommand.encode(c)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
