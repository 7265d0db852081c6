package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.AsyncOp;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.ByteRangeLocks;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * SMB2 LOCK (MS-SMB2 2.2.26, 3.3.5.14). A request either unlocks (every element UNLOCK, processed in
 * order, stopping at the first range not held) or locks (all elements granted atomically). A lock
 * request without FAIL_IMMEDIATELY that conflicts goes async and is retried whenever a lock of the file
 * is released; CANCEL completes it with STATUS_CANCELLED, closing its handle with RANGE_NOT_LOCKED.
 */
public final class Lock implements CommandHandler {
    public static final int SHARED = 0x1, EXCLUSIVE = 0x2, UNLOCK = 0x4, FAIL_IMMEDIATELY = 0x10;
    static final int ELEMENT_SIZE = 24;
    /** Upper bound on LockCount; far above what clients send, it only bounds the work per request. */
    public static final int MAX_LOCK_COUNT = 4096;

    @Override public int structureSize() { return 48; }

    private record Element(long offset, long length, int flags) {}

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int count = req.u16(2);
        int lockSequence = req.u32(4);
        Open o = req.open(8);
        if (count == 0 || count > MAX_LOCK_COUNT) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad LockCount");
        int base = 64 + 24;
        if (base + (long) count * ELEMENT_SIZE > req.length()) throw new SmbException(NtStatus.INVALID_PARAMETER, "short lock array");
        List<Element> els = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = base + i * ELEMENT_SIZE;
            ByteBuf m = req.msg();
            els.add(new Element(m.getLongLE(at), m.getLongLE(at + 8), m.getIntLE(at + 16)));
        }
        if (o.pipe != null || o.directory) throw new SmbException(NtStatus.INVALID_PARAMETER, "lock on a non-file");
        if (lockSequenceReplay(req, o, lockSequence)) return ok(req);

        ByteRangeLocks locks = o.node.locks;
        if ((els.get(0).flags & UNLOCK) != 0) {
            // MS-SMB2 3.3.5.14.1: elements are unlocked in order; the first failure ends the request.
            for (Element e : els) {
                if (e.flags != UNLOCK) throw new SmbException(NtStatus.INVALID_PARAMETER, "mixed unlock flags");
                if (!locks.unlock(o, e.offset, e.length)) throw new SmbException(NtStatus.RANGE_NOT_LOCKED);
            }
            return ok(req);
        }
        // MS-SMB2 3.3.5.14.2
        boolean blocking = false;
        List<ByteRangeLocks.Range> ranges = new ArrayList<>(count);
        for (Element e : els) {
            int kind = e.flags & ~FAIL_IMMEDIATELY;
            if (kind != SHARED && kind != EXCLUSIVE) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad lock flags");
            if ((e.flags & FAIL_IMMEDIATELY) == 0) {
                // Windows (and smbtorture smb2.lock.valid-request): only a single-element request may block.
                if (count > 1) throw new SmbException(NtStatus.INVALID_PARAMETER, "blocking multi-element lock");
                blocking = true;
            }
            if (!ByteRangeLocks.validRange(e.offset, e.length)) throw new SmbException(NtStatus.INVALID_LOCK_RANGE);
            ranges.add(new ByteRangeLocks.Range(e.offset, e.length, kind == EXCLUSIVE));
        }
        if (locks.tryLockAll(o, ranges)) return ok(req);
        if (!blocking) throw new SmbException(NtStatus.LOCK_NOT_GRANTED);
        new Waiter(req, o, ranges).start();
        return SmbResponse.PENDING;
    }

    /**
     * Hook for lock sequence replay detection (MS-SMB2 3.3.5.14: resilient, durable v2 and persistent
     * opens on dialect 2.1+ keep LockSequenceArray). Returns true if the request is a replay of an
     * already applied lock, so that SUCCESS is returned without applying it again. Not implemented yet:
     * the CA work wires it to Open state.
     */
    static boolean lockSequenceReplay(SmbRequest req, Open o, int lockSequence) {
        return false;
    }

    static SmbResponse ok(SmbRequest req) {
        ByteBuf b = req.alloc().buffer(4);
        b.writeShortLE(4);
        b.writeShortLE(0);
        return SmbResponse.ok(b);
    }

    /** A blocked lock request waiting for a release on the file. */
    private static final class Waiter implements Runnable {
        private final SmbRequest req;
        private final Open open;
        private final List<ByteRangeLocks.Range> ranges;
        private AsyncOp op;
        private boolean done;

        Waiter(SmbRequest req, Open open, List<ByteRangeLocks.Range> ranges) {
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
            if (!op.complete(ok(req))) {
                // completed elsewhere (connection gone): give the locks back
                for (ByteRangeLocks.Range r : ranges) open.node.locks.unlock(open, r.offset(), r.length());
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
