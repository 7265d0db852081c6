package dev.casmb.smb.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte-range locks of one file (MS-FSA 2.1.5.7). Offsets and lengths are unsigned 64-bit values; the
 * caller rejects ranges whose last byte would lie beyond 2^64-1 (STATUS_INVALID_LOCK_RANGE). Thread-safe;
 * waiters are notified through {@link #addReleaseListener}.
 *
 * <p>Conflict rules (MS-FSA 2.1.5.7, as observed on Windows and checked by smbtorture smb2.lock):
 * a zero-length range conflicts only with a non-empty range that strictly contains its offset; two
 * shared locks never conflict; an exclusive lock conflicts with every overlapping lock, also of the
 * same open, except that a shared lock may be stacked on the same open's exclusive lock.
 */
public final class ByteRangeLocks {
    public record Lock(Open owner, long offset, long length, boolean exclusive) {
        public boolean overlaps(long off, long len) {
            return ByteRangeLocks.overlaps(offset, length, off, len);
        }
    }

    /** One element of an atomic multi-lock request. */
    public record Range(long offset, long length, boolean exclusive) {}

    public static final int MAX_LOCKS = 100_000;
    private final List<Lock> locks = new ArrayList<>();
    private final List<Runnable> releaseListeners = new ArrayList<>();

    /** True if offset + length - 1 does not exceed 2^64 - 1 (zero length is always valid). */
    public static boolean validRange(long offset, long length) {
        if (length == 0) return true;
        long last = offset + (length - 1);
        return Long.compareUnsigned(last, offset) >= 0;
    }

    static boolean overlaps(long aOff, long aLen, long bOff, long bLen) {
        if (aLen == 0 && bLen == 0) return false;
        if (aLen == 0) return strictlyInside(aOff, bOff, bLen);
        if (bLen == 0) return strictlyInside(bOff, aOff, aLen);
        long aEnd = aOff + aLen - 1;
        long bEnd = bOff + bLen - 1;
        return Long.compareUnsigned(bOff, aEnd) <= 0 && Long.compareUnsigned(aOff, bEnd) <= 0;
    }

    private static boolean strictlyInside(long point, long off, long len) {
        long last = off + len - 1;
        return Long.compareUnsigned(point, off) > 0 && Long.compareUnsigned(point, last) <= 0;
    }

    private boolean conflicts(Open owner, long offset, long length, boolean exclusive) {
        for (Lock l : locks) {
            if (!l.overlaps(offset, length)) continue;
            if (!l.exclusive && !exclusive) continue;
            if (l.owner == owner && l.exclusive && !exclusive) continue; // shared stacked on own exclusive
            return true;
        }
        return false;
    }

    /** Tries to take a lock; returns false on conflict. */
    public synchronized boolean tryLock(Open owner, long offset, long length, boolean exclusive) {
        if (locks.size() >= MAX_LOCKS || conflicts(owner, offset, length, exclusive)) return false;
        locks.add(new Lock(owner, offset, length, exclusive));
        return true;
    }

    /**
     * Takes all ranges or none (MS-SMB2 3.3.5.14.2: a failed element undoes the earlier ones). Elements
     * are checked in order, each against the existing locks and the request's earlier elements.
     */
    public synchronized boolean tryLockAll(Open owner, List<Range> ranges) {
        int before = locks.size();
        for (Range r : ranges) {
            if (!tryLock(owner, r.offset(), r.length(), r.exclusive())) {
                while (locks.size() > before) locks.remove(locks.size() - 1);
                return false;
            }
        }
        return true;
    }

    /**
     * Releases an exact range held by owner, an exclusive lock before a shared one stacked on it;
     * false if none (STATUS_RANGE_NOT_LOCKED).
     */
    public boolean unlock(Open owner, long offset, long length) {
        return release(owner, offset, length) != null;
    }

    /** {@link #unlock}, returning the lock released (null if none). */
    public Lock release(Open owner, long offset, long length) {
        List<Runnable> toRun;
        Lock released;
        synchronized (this) {
            int found = -1;
            for (int i = 0; i < locks.size(); i++) {
                Lock l = locks.get(i);
                if (l.owner == owner && l.offset == offset && l.length == length) {
                    if (found < 0) found = i;
                    if (l.exclusive) { found = i; break; }
                }
            }
            if (found < 0) return null;
            released = locks.remove(found);
            toRun = new ArrayList<>(releaseListeners);
        }
        toRun.forEach(Runnable::run);
        return released;
    }

    /** The server's close path: an open that closes (or is abandoned) releases its locks ({@link #releaseAll}). */
    public static final OpenLifecycleListener RELEASE_ON_CLOSE = o -> o.node.locks.releaseAll(o);

    /**
     * Drops every lock an open holds (on close) and wakes all waiters, so that blocked requests of the
     * closing open can finish too.
     */
    public void releaseAll(Open owner) {
        List<Runnable> toRun;
        synchronized (this) {
            locks.removeIf(l -> l.owner == owner);
            toRun = new ArrayList<>(releaseListeners);
        }
        toRun.forEach(Runnable::run);
    }

    /**
     * True if an I/O of this kind by {@code who} over the range conflicts with a lock (MS-FSA 2.1.4.10):
     * another open's exclusive lock blocks reads and writes, any shared lock blocks writes (also the
     * holder's own).
     */
    public synchronized boolean conflictsWithIo(Open who, long offset, long length, boolean write) {
        if (locks.isEmpty() || length == 0) return false;
        for (Lock l : locks) {
            if (l.length == 0 || !l.overlaps(offset, length)) continue;
            if (l.owner == who) {
                if (!l.exclusive && write) return true;
                continue;
            }
            if (l.exclusive || write) return true;
        }
        return false;
    }

    /** How many locks {@code owner} holds. */
    public synchronized int countOf(Open owner) {
        int n = 0;
        for (Lock l : locks) if (l.owner() == owner) n++;
        return n;
    }

    public synchronized List<Lock> snapshot() {
        return List.copyOf(locks);
    }

    public synchronized void addReleaseListener(Runnable r) { releaseListeners.add(r); }

    public synchronized void removeReleaseListener(Runnable r) { releaseListeners.remove(r); }
}
