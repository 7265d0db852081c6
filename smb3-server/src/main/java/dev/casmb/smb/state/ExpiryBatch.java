package dev.casmb.smb.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One expiry timer for all handles reloaded together with the same timeout (a takeover of 100 000 handles
 * schedules a few timers, not 100 000). When it fires, each member whose disconnect it still times (its
 * {@link DurableState#expiryBatch} is this batch: not reclaimed, closed or given its own timer meanwhile) is
 * expired, exactly as its own timer would have done.
 */
public final class ExpiryBatch {
    private final List<Open> members = new ArrayList<>();

    /** Adds a reloaded, disconnected handle (before {@link #schedule}). */
    public void add(Open o, DurableState st) {
        st.expiryBatch = this;
        members.add(o);
    }

    public void schedule(ScheduledExecutorService timer, long delayMs, Consumer<Open> expire) {
        timer.schedule(() -> {
            for (Open o : members) {
                DurableState st = o.durable;
                if (st != null && st.expiryBatch == this) expire.accept(o);
            }
            members.clear();
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }
}
