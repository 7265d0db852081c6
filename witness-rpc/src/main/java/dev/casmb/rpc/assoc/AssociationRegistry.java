package dev.casmb.rpc.assoc;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Allocates and tracks association groups. A bind with assoc_group_id 0 creates a group; a non-zero id
 * joins an existing group only from the same client address ([MS-RPCE] 3.3.1.5.3). Bounded.
 */
public final class AssociationRegistry {
    private final int maxGroups;
    private final int maxHandlesPerGroup;
    private final Map<Integer, AssociationGroup> groups = new HashMap<>();

    public AssociationRegistry(int maxGroups, int maxHandlesPerGroup) {
        this.maxGroups = maxGroups;
        this.maxHandlesPerGroup = maxHandlesPerGroup;
    }

    /** Creates a new group with one connection, or null when at the limit. */
    public synchronized AssociationGroup create(InetAddress client) {
        if (groups.size() >= maxGroups) {
            return null;
        }
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(0x1000, 0x7FFFFFFF);
        } while (groups.containsKey(id));
        AssociationGroup g = new AssociationGroup(id, client, maxHandlesPerGroup);
        g.retain();
        groups.put(id, g);
        return g;
    }

    /** Joins an existing group, or returns null if unknown or owned by another client address. */
    public synchronized AssociationGroup join(int id, InetAddress client) {
        AssociationGroup g = groups.get(id);
        if (g == null || !Objects.equals(g.clientAddress(), client)) {
            return null;
        }
        g.retain();
        return g;
    }

    /** Drops one connection; the last one runs down the group's context handles. */
    public void release(AssociationGroup g) {
        boolean last;
        synchronized (this) {
            last = g.release();
            if (last) {
                groups.remove(g.id());
            }
        }
        if (last) {
            g.handles().rundownAll();
        }
    }

    public synchronized int size() {
        return groups.size();
    }
}
