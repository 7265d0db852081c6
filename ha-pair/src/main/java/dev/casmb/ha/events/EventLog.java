package dev.casmb.ha.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's structured event log (takeover started/finished, LIFs moved, handles reclaimed, witness
 * notifications, admin commands): a bounded in-memory ring, each event also written to the log.
 */
public final class EventLog {
    private static final Logger log = LoggerFactory.getLogger("events");
    public static final int CAPACITY = 10_000;

    /** One event: when, which node, a short kind (e.g. "takeover.start"), and a readable message. */
    public record Event(Instant time, String node, String kind, String message) {}

    private final String node;
    private final Deque<Event> ring = new ArrayDeque<>();

    public EventLog(String node) {
        this.node = node;
    }

    public void add(String kind, String message) {
        Event e = new Event(Instant.now(), node, kind, message);
        synchronized (ring) {
            if (ring.size() >= CAPACITY) ring.removeFirst();
            ring.addLast(e);
        }
        log.info("[{}] {}: {}", node, kind, message);
    }

    public List<Event> recent(int max) {
        synchronized (ring) {
            List<Event> all = new ArrayList<>(ring);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }
}
