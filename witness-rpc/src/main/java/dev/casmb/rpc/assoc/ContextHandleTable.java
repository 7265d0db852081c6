package dev.casmb.rpc.assoc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Context handles of one association group (C706 "context handle rundown", [MS-RPCE] 3.3.1.4.1: handles
 * are scoped to the association and shared by all its connections). Bounded; thread-safe.
 */
public final class ContextHandleTable {

    /** Server state behind a handle; {@link #rundown()} runs when the association dies with it open. */
    public interface HandleState {
        default void rundown() {
        }
    }

    private final int maxHandles;
    private final Map<UUID, HandleState> handles = new LinkedHashMap<>();

    public ContextHandleTable(int maxHandles) {
        this.maxHandles = maxHandles;
    }

    /** Creates a handle, or returns null when the table is full. */
    public synchronized ContextHandle create(HandleState state) {
        if (handles.size() >= maxHandles) {
            return null;
        }
        UUID id = UUID.randomUUID();
        handles.put(id, state);
        return new ContextHandle(0, id);
    }

    /** Registers state under a caller-chosen UUID (used when the service owns the key). */
    public synchronized ContextHandle put(UUID id, HandleState state) {
        if (handles.size() >= maxHandles) {
            return null;
        }
        handles.put(id, state);
        return new ContextHandle(0, id);
    }

    public synchronized HandleState get(ContextHandle h) {
        return h == null ? null : handles.get(h.uuid());
    }

    public synchronized HandleState remove(ContextHandle h) {
        return h == null ? null : handles.remove(h.uuid());
    }

    public synchronized int size() {
        return handles.size();
    }

    /** Removes everything and runs each handle's rundown (outside the lock). */
    public void rundownAll() {
        List<HandleState> states;
        synchronized (this) {
            states = new ArrayList<>(handles.values());
            handles.clear();
        }
        for (HandleState s : states) {
            try {
                s.rundown();
            } catch (RuntimeException ignored) {
                // a failing rundown must not prevent the others
            }
        }
    }
}
