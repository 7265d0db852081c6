package dev.casmb.smb.state;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Server-wide table of opens by persistent id, and of file nodes by local path (GlobalOpenTable). */
public final class OpenTable {
    private final Map<Long, Open> byPersistentId = new ConcurrentHashMap<>();
    private final Map<Path, FileNode> nodes = new ConcurrentHashMap<>();
    /** Persistent ids: the node's tag in the top byte, then a counter (see {@link #setPersistentIdTag}). */
    private static final long COUNTER_MASK = 0x00FF_FFFF_FFFF_FFFFL;
    private volatile long tag;
    private final AtomicLong nextPersistent = new AtomicLong(seed());
    private final AtomicLong nextVolatile = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    /**
     * The counter starts at the current time in microseconds, so that ids made after a restart never repeat
     * ids made before it (as long as the clock does not step back further than the ids used since), whatever
     * was reloaded from the store.
     */
    private static long seed() {
        return (System.currentTimeMillis() * 1000L) & COUNTER_MASK;
    }

    /**
     * Makes persistent ids unique in an HA pair (MS-SMB2 3.3.1.10: Open.DurableFileId is unique on the server, and
     * the pair's replicated state keys handle records by it): each node of the pair tags its ids with its own
     * number (1..255) in the top byte. 0 (a single server) leaves the top byte clear.
     */
    public void setPersistentIdTag(int t) {
        if (t < 0 || t > 255) throw new IllegalArgumentException("persistent id tag " + t);
        this.tag = (long) t << 56;
    }

    public long newPersistentId() { return tag | (nextPersistent.getAndIncrement() & COUNTER_MASK); }

    public long newVolatileId() { return nextVolatile.incrementAndGet(); }

    /** Advance past ids restored from a durable store (only this node's own ids matter). */
    public void reservePersistentId(long id) {
        if ((id & ~COUNTER_MASK) != tag) return;
        nextPersistent.accumulateAndGet((id & COUNTER_MASK) + 1, Math::max);
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
