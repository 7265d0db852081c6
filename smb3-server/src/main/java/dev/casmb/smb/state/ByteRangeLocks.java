package dev.casmb.smb.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte-range locks of one file (MS-FSA 2.1.5.7). Thread-safe; waiters are notified through
 * {@link #addReleaseListener}.
 */
public final class ByteRangeLocks {
    public record Lock(Open owner, long offset, long length, boolean exclusive) {
        boolean overlaps(long off, long len) {
            if (length == 0 || len == 0) {
                // zero-length ranges conflict only when strictly inside a non-empty range
                if (length == 0 && len == 0) return false;
                if (length == 0) return offset > off && offset < off + len;
                return off > offset && off < offset + length;
            }
            long end = offset + length - 1;
            long oend = off + len - 1;
            return Long.compareUnsigned(off, end) <= 0 && Long.compareUnsigned(offset, oend) <= 0;
        }
    }

    public static final int MAX_LOCKS = 100_000;
    private final List<Lock> locks = new ArrayList<>();
    private final List<Runnable> releaseListeners = new ArrayList<>();

    /** Tries to take a lock; returns false on conflict. */
    public synchronized boolean tryLock(Open owner, long offset, long length, boolean exclusive) {
        if (locks.size() >= MAX_LOCKS) return false;
        for (Lock l : locks) {
            if (!l.overlaps(offset, length)) continue;
            if (l.exclusive || exclusive) {
                if (!(l.owner == owner && !exclusive)) return false;
            }
        }
        locks.add(new Lock(owner, offset, length, exclusive));
        return true;
    }

    /** Releases an exact range held by owner; false if none (STATUS_RANGE_NOT_LOCKED). */
    public boolean unlock(Open owner, long offset, long length) {
        List<Runnable> toRun;
        synchronized (this) {
            boolean removed = false;
            for (int i = 0; i < locks.size(); i++) {
                Lock l = locks.get(i);
                if (l.owner == owner && l.offset == offset && l.length == length) {
                    locks.remove(i);
                    removed = true;
                    break;
                }
            }
            if (!removed) return false;
            toRun = new ArrayList<>(releaseListeners);
        }
        toRun.forEach(Runnable::run);
        return true;
    }

    /** Drops every lock an open holds (on close). */
    public void releaseAll(Open owner) {
        List<Runnable> toRun;
        synchronized (this) {
            if (!locks.removeIf(l -> l.owner == owner)) return;
            toRun = new ArrayList<>(releaseListeners);
        }
        toRun.forEach(Runnable::run);
    }

    /** True if an I/O of this kind by {@code who} over the range conflicts with another's lock. */
    public synchronized boolean conflictsWithIo(Open who, long offset, long length, boolean write) {
        if (locks.isEmpty() || length == 0) return false;
        for (Lock l : locks) {
            if (!l.overlaps(offset, length)) continue;
            if (l.owner == who) {
                if (!l.exclusive && write) return true;
                continue;
            }
            if (l.exclusive || write) return true;
        }
        return false;
    }

    public synchronized List<Lock> snapshot() {
        return List.copyOf(locks);
    }

    public synchronized void addReleaseListener(Runnable r) { releaseListeners.add(r); }

    public synchronized void removeReleaseListener(Runnable r) { releaseListeners.remove(r); }
}
