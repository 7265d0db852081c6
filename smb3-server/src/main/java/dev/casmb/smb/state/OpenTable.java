package dev.casmb.smb.state;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Server-wide table of opens by persistent id, and of file nodes by local path (GlobalOpenTable). */
public final class OpenTable {
    private final Map<Long, Open> byPersistentId = new ConcurrentHashMap<>();
    private final Map<Path, FileNode> nodes = new ConcurrentHashMap<>();
    private final AtomicLong nextPersistent = new AtomicLong(1);
    private final AtomicLong nextVolatile = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    public long newPersistentId() { return nextPersistent.getAndIncrement(); }

    public long newVolatileId() { return nextVolatile.incrementAndGet(); }

    /** Advance past ids restored from a durable store. */
    public void reservePersistentId(long id) {
        nextPersistent.accumulateAndGet(id + 1, Math::max);
    }

    /** Runs {@code action} with the file node of {@code path} under the node-table lock. */
    public synchronized <T> T withNode(Path path, java.util.function.Function<FileNode, T> action) {
        FileNode n = nodes.computeIfAbsent(path, FileNode::new);
        try {
            return action.apply(n);
        } finally {
            if (n.opens.isEmpty()) nodes.remove(path, n);
        }
    }

    public synchronized FileNode existingNode(Path path) {
        return nodes.get(path);
    }

    public synchronized void register(Open o) {
        byPersistentId.put(o.persistentId, o);
    }

    public synchronized void unregister(Open o) {
        byPersistentId.remove(o.persistentId, o);
        o.node.opens.remove(o);
        if (o.node.opens.isEmpty()) nodes.remove(o.node.path, o.node);
    }

    /** Re-keys a node after rename; fails if another node holds the target. */
    public synchronized boolean rekey(FileNode node, Path to) {
        FileNode other = nodes.get(to);
        if (other != null && other != node && !other.opens.isEmpty()) return false;
        nodes.remove(node.path, node);
        node.path = to;
        nodes.put(to, node);
        return true;
    }

    public Open byPersistentId(long id) { return byPersistentId.get(id); }

    public java.util.Collection<Open> all() { return byPersistentId.values(); }
}
