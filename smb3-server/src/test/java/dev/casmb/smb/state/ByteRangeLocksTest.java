package dev.casmb.smb.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.AccessMask;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Byte-range lock rules as smbtorture smb2.lock and Windows expect them. */
class ByteRangeLocksTest {
    private final FileNode node = new FileNode(Path.of("/srv/f"));
    private final ByteRangeLocks locks = node.locks;
    private final Open a = open(1);
    private final Open b = open(2);

    static Open open(long id) {
        TreeConnect t = new TreeConnect(1, new Session(id), null, 0);
        return new Open(id, id, t, new FileNode(Path.of("/srv/f")), false, AccessMask.FILE_ALL_ACCESS, 7, 0, "f");
    }

    @Test
    void exclusiveConflictsWithOtherOpensAndWithItself() {
        assertTrue(locks.tryLock(a, 0, 10, true));
        assertFalse(locks.tryLock(b, 5, 10, true));
        assertFalse(locks.tryLock(b, 5, 10, false));
        assertFalse(locks.tryLock(a, 2, 4, true), "two exclusive locks of one open do not stack");
        assertTrue(locks.tryLock(a, 2, 4, false), "a shared lock stacks on the open's own exclusive lock");
        assertTrue(locks.tryLock(b, 10, 5, true), "adjacent ranges do not overlap");
    }

    @Test
    void sharedLocksCoexistButBlockExclusive() {
        assertTrue(locks.tryLock(a, 0, 10, false));
        assertTrue(locks.tryLock(b, 5, 10, false));
        assertFalse(locks.tryLock(b, 0, 1, true));
        assertFalse(locks.tryLock(a, 0, 1, true), "exclusive over the open's own shared lock fails");
    }

    @Test
    void zeroLengthLocksConflictOnlyStrictlyInsideARange() {
        assertTrue(locks.tryLock(a, 10, 0, true));
        assertTrue(locks.tryLock(b, 10, 0, true), "two empty ranges never conflict");
        assertTrue(locks.tryLock(b, 9, 1, true));
        assertTrue(locks.tryLock(b, 10, 2, true), "an empty range at the start of a range is outside it");
        assertFalse(locks.tryLock(b, 9, 2, true), "10 is strictly inside [9,11)");
        assertFalse(locks.tryLock(b, 8, 3, false));
    }

    @Test
    void rangesUseUnsigned64BitOffsets() {
        long max = -1L; // 2^64 - 1
        assertTrue(ByteRangeLocks.validRange(max, 1));
        assertTrue(ByteRangeLocks.validRange(max, 0));
        assertFalse(ByteRangeLocks.validRange(max, 2));
        assertFalse(ByteRangeLocks.validRange(max, max));
        assertTrue(ByteRangeLocks.validRange(Long.MIN_VALUE, 1), "2^63 is a valid offset");
        assertTrue(locks.tryLock(a, max, 1, true));
        assertFalse(locks.tryLock(b, max, 1, true));
        assertTrue(locks.tryLock(b, max - 1, 1, true));
        assertTrue(locks.tryLock(a, Long.MIN_VALUE, 1, true));
        assertFalse(locks.tryLock(b, Long.MAX_VALUE, 2, true), "[2^63-1, 2^63] overlaps 2^63");
    }

    @Test
    void multiElementRequestsAreAtomic() {
        assertTrue(locks.tryLock(b, 100, 10, true));
        List<ByteRangeLocks.Range> req = List.of(new ByteRangeLocks.Range(0, 10, true), new ByteRangeLocks.Range(105, 1, true));
        assertFalse(locks.tryLockAll(a, req));
        assertEquals(1, locks.snapshot().size(), "the first element was rolled back");
        assertFalse(locks.tryLockAll(a, List.of(new ByteRangeLocks.Range(0, 10, true), new ByteRangeLocks.Range(5, 1, true))),
            "elements conflict with earlier elements of the same request");
        assertEquals(1, locks.snapshot().size());
    }

    @Test
    void unlockNeedsTheExactRangeAndReleasesExclusiveFirst() {
        assertTrue(locks.tryLock(a, 0, 10, true));
        assertTrue(locks.tryLock(a, 0, 10, false));
        assertFalse(locks.unlock(a, 0, 5));
        assertFalse(locks.unlock(b, 0, 10));
        assertTrue(locks.unlock(a, 0, 10));
        assertTrue(locks.tryLock(b, 0, 10, false), "only the shared lock is left");
        assertTrue(locks.unlock(a, 0, 10));
        assertFalse(locks.unlock(a, 0, 10));
    }

    @Test
    void ioHonoursLocks() {
        assertTrue(locks.tryLock(a, 0, 100, true));
        assertFalse(locks.conflictsWithIo(a, 0, 10, true));
        assertTrue(locks.conflictsWithIo(b, 50, 10, false));
        assertFalse(locks.conflictsWithIo(b, 100, 10, true));
        assertTrue(locks.tryLock(b, 200, 100, false));
        assertTrue(locks.conflictsWithIo(b, 250, 1, true), "a shared lock blocks its own holder's writes");
        assertFalse(locks.conflictsWithIo(a, 250, 1, false));
        assertTrue(locks.conflictsWithIo(a, 250, 1, true));
    }

    @Test
    void releaseWakesWaitersAlsoWhenNothingWasHeld() {
        AtomicInteger woken = new AtomicInteger();
        locks.addReleaseListener(woken::incrementAndGet);
        assertTrue(locks.tryLock(a, 0, 1, true));
        locks.unlock(a, 0, 1);
        locks.releaseAll(b);
        assertEquals(2, woken.get());
    }
}
