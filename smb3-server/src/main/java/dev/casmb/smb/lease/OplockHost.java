package dev.casmb.smb.lease;

import dev.casmb.smb.state.Open;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;

/**
 * The server as the lease and oplock tables see it ({@code ServerContext} implements it): the break timer, the
 * server's one close path, durable persistence of a changed lease or oplock, the break sender and the other table.
 */
public interface OplockHost {
    /** Runs {@code r} after {@code delayMs} on the server's oplock break timer; null once the server is closed. */
    ScheduledFuture<?> schedule(Runnable r, long delayMs);

    /**
     * Runs {@code r} after {@code delayMs} on the server's lease break timer, a thread of its own: a lease timeout
     * persists through the handle store (a Raft commit can take seconds), and oplock timeouts must not queue behind
     * it. Null once the server is closed.
     */
    default ScheduledFuture<?> scheduleLeaseTimeout(Runnable r, long delayMs) {
        return schedule(r, delayMs);
    }

    /** Closes {@code o} for good (a break nobody acknowledged, a lease with no connected open). */
    void closeOpen(Open o);

    /** The server's durable-handle persistence. */
    Persistence durable();

    BreakSender breaks();

    Leases leases();

    /** Writes an open's durable record again (its lease or oplock changed). */
    interface Persistence {
        void persist(Open o) throws IOException;
    }
}
