package dev.casmb.smb.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of resource-limit events for one server (readable by the admin shell, tests and monitoring),
 * plus a rate-limited log line: the first event of a kind is logged at WARN, later ones at most once per
 * {@link #LOG_INTERVAL_NANOS} with the running count, so that a flood does not flood the log too.
 */
public final class LimitMetrics {
    private static final Logger log = LoggerFactory.getLogger("dev.casmb.smb.limits");
    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    /** What was limited. */
    public enum Kind {
        CONNECTIONS_PER_NODE, CONNECTIONS_PER_CLIENT, SESSIONS_PER_CONNECTION, TREES_PER_SESSION,
        OPENS_PER_SESSION, ASYNC_PER_CONNECTION, LOCK_WAITS_PER_CONNECTION, PARTIAL_FRAME_TIMEOUT,
        IDLE_TIMEOUT, FRAME_TOO_LONG, READ_PAUSED_INBOUND_BACKLOG, READ_PAUSED_UNWRITABLE,
        /**
         * A response granted fewer credits than the request asked for, because maxCredits were outstanding.
         * Routine for clients that ask for many (logged at INFO, not WARN).
         */
        CREDITS_CLAMPED(false);

        final boolean warn;

        Kind() { this(true); }

        Kind(boolean warn) { this.warn = warn; }
    }

    private final Map<Kind, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicLong> lastLog = new ConcurrentHashMap<>();
    private final AtomicLong currentConnections = new AtomicLong();

    public LimitMetrics() {
        for (Kind k : Kind.values()) {
            counts.put(k, new AtomicLong());
            lastLog.put(k, new AtomicLong(Long.MIN_VALUE));
        }
    }

    /** Counts one event and logs it (rate-limited). {@code detail} says who and what limit. */
    public void hit(Kind kind, String detail) {
        hit(kind, () -> detail);
    }

    /** As {@link #hit(Kind, String)}, building the detail only when it is logged. */
    public void hit(Kind kind, java.util.function.Supplier<String> detail) {
        long n = counts.get(kind).incrementAndGet();
        AtomicLong last = lastLog.get(kind);
        long now = System.nanoTime();
        long prev = last.get();
        if ((prev == Long.MIN_VALUE || now - prev >= LOG_INTERVAL_NANOS) && last.compareAndSet(prev, now)) {
            if (kind.warn) {
                log.warn("resource limit {}: {} ({} time(s) so far)", kind, detail.get(), n);
            } else {
                log.info("resource limit {}: {} ({} time(s) so far)", kind, detail.get(), n);
            }
        }
    }

    public long count(Kind kind) { return counts.get(kind).get(); }

    public long currentConnections() { return currentConnections.get(); }

    void connectionOpened() { currentConnections.incrementAndGet(); }

    void connectionClosed() { currentConnections.decrementAndGet(); }

    /** All counters by name, plus {@code currentConnections}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("currentConnections", currentConnections.get());
        for (Kind k : Kind.values()) m.put(k.name(), counts.get(k).get());
        return m;
    }

    @Override
    public String toString() { return snapshot().toString(); }
}
