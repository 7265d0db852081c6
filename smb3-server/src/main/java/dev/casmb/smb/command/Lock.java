package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.AsyncOp;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.proto.message.LockRequest;
import dev.casmb.smb.proto.message.LockResponse;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.state.ByteRangeLocks;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;
import dev.casmb.smb.proto.Dialect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SMB2 LOCK (MS-SMB2 2.2.26, 3.3.5.14). A request either unlocks (every element UNLOCK, processed in
 * order, stopping at the first range not held) or locks (all elements granted atomically). A lock
 * request without FAIL_IMMEDIATELY that conflicts goes async and is retried whenever a lock of the file
 * is released; CANCEL completes it with STATUS_CANCELLED, closing its handle with RANGE_NOT_LOCKED.
 */
public final class Lock implements CommandHandler {
    public static final int SHARED = LockRequest.SHARED, EXCLUSIVE = LockRequest.EXCLUSIVE, UNLOCK = LockRequest.UNLOCK,
        FAIL_IMMEDIATELY = LockRequest.FAIL_IMMEDIATELY;
    /** Upper bound on LockCount ({@link LockRequest#MAX_LOCK_COUNT}). */
    public static final int MAX_LOCK_COUNT = LockRequest.MAX_LOCK_COUNT;
    /**
     * Byte-range locks one persistent handle may hold (its record carries them all, {@link
     * dev.casmb.smb.durable.HandleRecord#MAX_LOCKS}); a LOCK that would exceed it is refused up front with
     * STATUS_INSUFFICIENT_RESOURCES, never granted and lost at a takeover. System property casmb.maxLocksPerHandle
     * lowers it (tests).
     */
    public static final int MAX_LOCKS_PER_PERSISTENT_HANDLE = Math.min(dev.casmb.smb.durable.HandleRecord.MAX_LOCKS,
        Integer.getInteger("casmb.maxLocksPerHandle", dev.casmb.smb.durable.HandleRecord.MAX_LOCKS));

    @Override public int structureSize() { return LockRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        LockRequest lr = LockRequest.decode(req.body());
        Open o = req.open(lr.fileId());
        List<LockRequest.Element> els = lr.locks();
        int count = els.size();
        if (o.pipe != null || o.directory) throw new SmbException(NtStatus.INVALID_PARAMETER, "lock on a non-file");
        // As NTFS (the file object needs read or write access to take a byte-range lock): a handle
        // opened for attributes only cannot lock, and so cannot block others' I/O.
        if ((els.get(0).flags() & UNLOCK) == 0 && !o.hasAccess(AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE
            | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "lock without read or write access");
        }
        int seqIndex = LockSequences.index(req, o, lr.sequenceIndex());
        int seqNumber = lr.sequenceNumber();
        if (seqIndex != 0 && LockSequences.checkAndInvalidate(o, seqIndex, seqNumber)) return ok(req);

        ByteRangeLocks locks = o.node.locks;
        if ((els.get(0).flags() & UNLOCK) != 0) {
            // MS-SMB2 3.3.5.14.1: elements are unlocked in order; the first failure ends the request.
            List<ByteRangeLocks.Range> released = new ArrayList<>(count);
            SmbException failed = null;
            for (LockRequest.Element e : els) {
                if (e.flags() != UNLOCK) {
                    failed = new SmbException(NtStatus.INVALID_PARAMETER, "mixed unlock flags");
                    break;
                }
                ByteRangeLocks.Lock gone = locks.release(o, e.offset(), e.length());
                if (gone == null) {
                    failed = new SmbException(NtStatus.RANGE_NOT_LOCKED);
                    break;
                }
                released.add(new ByteRangeLocks.Range(e.offset(), e.length(), gone.exclusive()));
            }
            if (failed == null) LockSequences.store(o, seqIndex, seqNumber);
            // the ranges released before a failure are released: durable either way
            if (!released.isEmpty() || failed == null) persist(req, o, List.of(), released);
            if (failed != null) throw failed;
            return ok(req);
        }
        // MS-SMB2 3.3.5.14.2
        boolean blocking = false;
        List<ByteRangeLocks.Range> ranges = new ArrayList<>(count);
        for (LockRequest.Element e : els) {
            int kind = e.flags() & ~FAIL_IMMEDIATELY;
            if (kind != SHARED && kind != EXCLUSIVE) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad lock flags");
            if ((e.flags() & FAIL_IMMEDIATELY) == 0) {
                // Windows (and smbtorture smb2.lock.valid-request): only a single-element request may block.
                if (count > 1) throw new SmbException(NtStatus.INVALID_PARAMETER, "blocking multi-element lock");
                blocking = true;
            }
            if (!ByteRangeLocks.validRange(e.offset(), e.length())) throw new SmbException(NtStatus.INVALID_LOCK_RANGE);
            ranges.add(new ByteRangeLocks.Range(e.offset(), e.length(), kind == EXCLUSIVE));
        }
        if (o.durable != null && o.durable.persistent
            && locks.countOf(o) + ranges.size() > MAX_LOCKS_PER_PERSISTENT_HANDLE) {
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "a persistent handle holds at most "
                + MAX_LOCKS_PER_PERSISTENT_HANDLE + " byte-range locks");
        }
        req.server().oplocks().breakLevelII(o.node, o); // MS-FSA 2.1.5.7: a byte-range lock breaks LEVEL_II oplocks
        if (locks.tryLockAll(o, ranges)) {
            LockSequences.store(o, seqIndex, seqNumber);
            try {
                persist(req, o, ranges, List.of());
            } catch (SmbException e) {
                for (ByteRangeLocks.Range r : ranges) locks.unlock(o, r.offset(), r.length());
                throw e;
            }
            return ok(req);
        }
        if (!blocking) throw new SmbException(NtStatus.LOCK_NOT_GRANTED);
        new Waiter(req, o, ranges, () -> {
            // granted later: durable before the reply too; if not, the lock is given back and the client told
            LockSequences.store(o, seqIndex, seqNumber);
            persist(req, o, ranges, List.of());
        }).start();
        return SmbResponse.PENDING;
    }

    /**
     * Lock sequence replay detection (MS-SMB2 3.3.5.14): on resilient opens (and, once they exist,
     * durable v2 / persistent ones) of dialect 2.1+, LockSequence carries a 4-bit number and a 28-bit
     * index; index 1..64 selects an entry of the open's LockSequenceArray. A request whose number matches
     * a valid entry is a replay and succeeds without being applied; otherwise the entry is invalidated
     * and, if the request succeeds, set to its number.
     */
    static final class LockSequences {
        static final int INVALID = -1;

        /** The entry index of this request (LockSequenceIndex), or 0 if replay detection does not apply. */
        static int index(SmbRequest req, Open o, int index) {
            if (index < 1 || index > 64 || req.connection().dialect < Dialect.SMB_2_1) return 0;
            // MS-SMB2 3.3.5.14: resilient, durable or persistent opens, and every open of a 3.x connection
            // that offers multichannel (a lock may be replayed on another channel).
            boolean multichannel = req.connection().isSmb3()
                && (req.connection().serverCapabilities & Negotiate.CAP_MULTI_CHANNEL) != 0;
            if (!multichannel && !replayProtected(o)) return 0;
            return index;
        }

        /** CA hook: which opens keep a LockSequenceArray. Durable/persistent opens join with the CA work. */
        static boolean replayProtected(Open o) {
            return o.resiliencyTimeoutMs > 0 || o.durable != null;
        }

        /** The open's array (on the open itself: it lives and dies with it), made on first use. */
        static int[] array(Open o) {
            int[] a = o.lockSequenceArray;
            if (a != null) return a;
            synchronized (o) {
                if (o.lockSequenceArray == null) {
                    int[] n = new int[65];
                    Arrays.fill(n, INVALID);
                    if (o.durable != null) {
                        // a persistent handle restored after a restart or takeover brings its array along
                        for (int i = 0; i < 64; i++) n[i + 1] = o.durable.lockSequences[i];
                    }
                    o.lockSequenceArray = n;
                }
                return o.lockSequenceArray;
            }
        }

        /** True if replayed; otherwise invalidates the entry. */
        static boolean checkAndInvalidate(Open o, int index, int number) {
            int[] a = array(o);
            synchronized (a) {
                if (a[index] == number) return true;
                a[index] = INVALID;
            }
            if (o.durable != null) o.durable.lockSequences[index - 1] = (byte) INVALID;
            return false;
        }

        static void store(Open o, int index, int number) {
            if (index == 0) return;
            int[] a = array(o);
            synchronized (a) {
                a[index] = number;
            }
            if (o.durable != null) o.durable.lockSequences[index - 1] = (byte) number;
        }
    }

    /**
     * A persistent handle's locks (and lock sequence entries) are durable in the handle store before the
     * LOCK reply goes out, so that a reclaim on the partner gets them back.
     */
    static void persist(SmbRequest req, Open o, List<ByteRangeLocks.Range> added, List<ByteRangeLocks.Range> removed)
        throws SmbException {
        try {
            req.server().durable().persistLocks(o, added, removed);
        } catch (java.io.IOException e) {
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "handle store: " + e.getMessage());
        }
    }

    static SmbResponse ok(SmbRequest req) {
        ByteBuf b = req.alloc().buffer(LockResponse.STRUCTURE_SIZE);
        LockResponse.INSTANCE.encode(b);
        return SmbResponse.ok(b);
    }

    /** What a waiting lock does once granted, before its reply; throws to refuse it after all. */
    private interface Granted {
        void run() throws SmbException;
    }

    /** A blocked lock request waiting for a release on the file. */
    private static final class Waiter implements Runnable {
        private final SmbRequest req;
        private final Open open;
        private final List<ByteRangeLocks.Range> ranges;
        private final Granted onGranted;
        private AsyncOp op;
        private boolean done;

        Waiter(SmbRequest req, Open open, List<ByteRangeLocks.Range> ranges, Granted onGranted) {
            this.onGranted = onGranted;
            this.req = req;
            this.open = open;
            this.ranges = ranges;
        }

        void start() {
            op = req.goAsync();
            op.onCancel(() -> finish(SmbResponse.error(NtStatus.CANCELLED)));
            open.node.locks.addReleaseListener(this);
            run(); // a release between the first attempt and registering the listener
        }

        /** Release listener: retry. */
        @Override
        public void run() {
            synchronized (this) {
                if (done) return;
            }
            if (open.closed) {
                finish(SmbResponse.error(NtStatus.RANGE_NOT_LOCKED));
                return;
            }
            synchronized (this) {
                if (done) return;
                if (!open.node.locks.tryLockAll(open, ranges)) return;
                done = true;
            }
            open.node.locks.removeReleaseListener(this);
            SmbResponse r;
            try {
                onGranted.run();
                r = ok(req);
            } catch (SmbException e) {
                for (ByteRangeLocks.Range x : ranges) open.node.locks.unlock(open, x.offset(), x.length());
                r = SmbResponse.error(e.status());
            }
            if (!op.complete(r) && r.status() == NtStatus.SUCCESS) {
                // completed elsewhere (connection gone): give the locks back
                for (ByteRangeLocks.Range x : ranges) open.node.locks.unlock(open, x.offset(), x.length());
            }
        }

        private void finish(SmbResponse r) {
            synchronized (this) {
                if (done) return;
                done = true;
            }
            open.node.locks.removeReleaseListener(this);
            op.complete(r);
        }
    }
}
