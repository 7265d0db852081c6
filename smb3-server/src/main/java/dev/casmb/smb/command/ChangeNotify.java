package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.AsyncOp;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SMB2 CHANGE_NOTIFY (MS-SMB2 2.2.35, 3.3.5.19; MS-FSA 2.1.5.10). The first request on a directory
 * handle starts watching it; changes made through this server are reported by the handlers that make
 * them ({@link #fire}). Changes that happen while no request is outstanding are kept for the next one,
 * up to the first request's OutputBufferLength; beyond that, or when the changes do not fit the
 * request's buffer, the request completes with STATUS_NOTIFY_ENUM_DIR (the client re-reads the
 * directory). Closing the handle completes outstanding requests with STATUS_NOTIFY_CLEANUP.
 */
public final class ChangeNotify implements CommandHandler {
    public static final int WATCH_TREE = 0x1;
    public static final int FILE_NAME = 0x1, DIR_NAME = 0x2, ATTRIBUTES = 0x4, SIZE = 0x8, LAST_WRITE = 0x10,
        LAST_ACCESS = 0x20, CREATION = 0x40, EA = 0x80, SECURITY = 0x100;
    public static final int ADDED = 1, REMOVED = 2, MODIFIED = 3, RENAMED_OLD_NAME = 4, RENAMED_NEW_NAME = 5;

    /** One change: the changed path, the FILE_ACTION and the FILE_NOTIFY_CHANGE bits it matches. */
    public record Change(Path path, int action, int filter) {}

    private static final List<Watch> WATCHES = new CopyOnWriteArrayList<>();
    private static final Map<Open, Boolean> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<Open, Boolean> RENAMED = new ConcurrentHashMap<>();

    @Override public int structureSize() { return 32; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int flags = req.u16(2);
        int length = req.u32(4);
        Open o = req.open(8);
        int filter = req.u32(24);
        int max = req.connection().dialect == Dialect.SMB_2_0_2 ? 65536 : ServerConfig.DEFAULT_MAX_IO;
        if (length < 0 || length > max) throw new SmbException(NtStatus.INVALID_PARAMETER, "OutputBufferLength too large");
        IoChecks.creditCharge(req, length);
        if (!o.directory || o.pipe != null) throw new SmbException(NtStatus.INVALID_PARAMETER, "not a directory");
        if (!o.hasAccess(dev.casmb.smb.state.AccessMask.FILE_LIST_DIRECTORY)) throw new SmbException(NtStatus.ACCESS_DENIED);
        Watch w;
        synchronized (o) {
            if (o.closed) throw new SmbException(NtStatus.FILE_CLOSED);
            w = o.notifyState instanceof Watch existing ? existing : null;
            if (w == null) {
                w = new Watch(o, length);
                o.notifyState = w;
                WATCHES.add(w);
            }
        }
        return w.request(req, length, filter, (flags & WATCH_TREE) != 0);
    }

    /** Reports changes made through the server; each is matched against every watched directory. */
    public static void fire(Change... changes) {
        if (WATCHES.isEmpty()) return;
        for (Watch w : WATCHES) w.offer(List.of(changes));
    }

    public static void fire(Path path, int action, int filter) {
        fire(new Change(path, action, filter));
    }

    /**
     * A rename within a directory is an OLD_NAME/NEW_NAME pair, across directories a REMOVED/ADDED
     * pair. A renamed file (not directory) also reports attributes modified on its new name when its
     * handle is closed, as Windows does.
     */
    public static void fireRename(Open o, Path from, Path to) {
        int f = o.directory ? DIR_NAME : FILE_NAME;
        boolean sameDir = java.util.Objects.equals(from.getParent(), to.getParent());
        if (!o.directory && !WATCHES.isEmpty()) RENAMED.put(o, Boolean.TRUE);
        fire(new Change(from, sameDir ? RENAMED_OLD_NAME : REMOVED, f), new Change(to, sameDir ? RENAMED_NEW_NAME : ADDED, f));
    }

    /** Called by SET_INFO (file class) after a change: attributes/times (Basic) or size (EOF, allocation). */
    public static void onSetInfo(Open o, int infoClass) {
        if (WATCHES.isEmpty() || o.pipe != null) return;
        switch (infoClass) {
            case 4 -> fire(o.path(), MODIFIED, ATTRIBUTES | LAST_WRITE | LAST_ACCESS | CREATION);  // FileBasicInformation
            case 19, 20 -> fire(o.path(), MODIFIED, SIZE);  // FileAllocationInformation, FileEndOfFileInformation
            default -> { }
        }
    }

    /** Called by WRITE: the file's change is reported once, when the handle is closed. */
    public static void onWrite(Open o) {
        if (!WATCHES.isEmpty()) WRITTEN.put(o, Boolean.TRUE);
    }

    /**
     * Called from ServerContext.closeOpen: completes pending notifications of a closing directory handle
     * with STATUS_NOTIFY_CLEANUP, and reports the removal (delete on close) or modification of the file.
     */
    public static void onClose(Open o) {
        Watch w;
        synchronized (o) {
            w = o.notifyState instanceof Watch x ? x : null;
            o.notifyState = null;
        }
        if (w != null) {
            WATCHES.remove(w);
            w.cleanup();
        }
        if (o.node.deletePending) {
            // MS-FSA 2.1.5.4: a watched directory that is going away completes its notifications.
            for (Watch x : WATCHES) if (x.dir.node == o.node) x.failAll(NtStatus.DELETE_PENDING);
        }
        boolean written = WRITTEN.remove(o) != null;
        boolean renamed = RENAMED.remove(o) != null;
        if (o.pipe != null || WATCHES.isEmpty()) return;
        Path p = o.path();
        if (o.node.deletePending && o.node.opens.isEmpty() && (o.tree == null || o.tree.share == null || !o.tree.share.vfs().exists(p, false))) {
            fire(p, REMOVED, o.directory ? DIR_NAME : FILE_NAME);
        } else if (written || renamed) {
            fire(p, MODIFIED, (written ? SIZE | LAST_WRITE : 0) | (renamed ? ATTRIBUTES | CREATION : 0));
        }
    }

    /** FILE_NOTIFY_INFORMATION records (MS-FSCC 2.7.1), each 4-byte aligned. */
    public static byte[] encode(List<Change> changes, List<String> names) {
        List<byte[]> recs = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < changes.size(); i++) {
            byte[] name = names.get(i).getBytes(StandardCharsets.UTF_16LE);
            boolean last = i == changes.size() - 1;
            int len = 12 + name.length;
            int padded = last ? len : (len + 3) & ~3;
            byte[] rec = new byte[padded];
            if (!last) putInt(rec, 0, padded);
            putInt(rec, 4, changes.get(i).action());
            putInt(rec, 8, name.length);
            System.arraycopy(name, 0, rec, 12, name.length);
            recs.add(rec);
            total += padded;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] r : recs) {
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
        }
        return out;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v; b[at + 1] = (byte) (v >>> 8); b[at + 2] = (byte) (v >>> 16); b[at + 3] = (byte) (v >>> 24);
    }

    static ByteBuf body(ByteBufAllocator alloc, byte[] data) {
        ByteBuf b = alloc.buffer(8 + Math.max(1, data.length));
        b.writeShortLE(9);
        b.writeShortLE(data.length == 0 ? 0 : 64 + 8);
        b.writeIntLE(data.length);
        b.writeBytes(data);
        if (data.length == 0) b.writeByte(0);
        return b;
    }

    /** The watch on one directory handle. */
    private static final class Watch {
        private final Open dir;
        /** Bound on changes kept between requests: the first request's OutputBufferLength. */
        private final int keepLimit;
        private int filter;
        private boolean recursive;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private final List<Change> kept = new ArrayList<>();
        private final List<String> keptNames = new ArrayList<>();
        private int keptBytes;
        private boolean overflow;
        private boolean started;

        private record Pending(AsyncOp op, SmbRequest req, int length) {}

        Watch(Open dir, int keepLimit) {
            this.dir = dir;
            this.keepLimit = keepLimit;
        }

        synchronized SmbResponse request(SmbRequest req, int length, int filter, boolean recursive) throws SmbException {
            if (!started) {
                // The first request fixes the filter and WATCH_TREE until the handle is closed.
                this.filter = filter;
                this.recursive = recursive;
                started = true;
            }
            if (overflow) {
                overflow = false;
                throw new SmbException(NtStatus.NOTIFY_ENUM_DIR);
            }
            if (!kept.isEmpty()) {
                byte[] data = encode(kept, keptNames);
                clearKept();
                if (data.length > length) throw new SmbException(NtStatus.NOTIFY_ENUM_DIR);
                return SmbResponse.ok(body(req.alloc(), data));
            }
            AsyncOp op = req.goAsync();
            Pending p = new Pending(op, req, length);
            pending.add(p);
            op.onCancel(() -> {
                synchronized (this) {
                    if (!pending.remove(p)) return;
                }
                op.fail(NtStatus.CANCELLED);
            });
            return SmbResponse.PENDING;
        }

        void offer(List<Change> changes) {
            Path base = dir.path();
            List<Change> matched = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Pending p;
            byte[] data;
            synchronized (this) {
                for (Change c : changes) {
                    if ((c.filter() & filter) == 0 || c.path().equals(base) || !c.path().startsWith(base)) continue;
                    Path rel = base.relativize(c.path());
                    if (rel.getNameCount() > 1 && !recursive) continue;
                    matched.add(c);
                    names.add(rel.toString().replace('/', '\\'));
                }
                if (matched.isEmpty()) return;
                p = pending.poll();
                if (p == null) {
                    if (overflow) return;
                    kept.addAll(matched);
                    keptNames.addAll(names);
                    keptBytes = encode(kept, keptNames).length;
                    if (keptBytes > keepLimit) {
                        clearKept();
                        overflow = true;
                    }
                    return;
                }
                data = encode(matched, names);
            }
            if (data.length > p.length()) {
                p.op().fail(NtStatus.NOTIFY_ENUM_DIR);
            } else {
                p.op().complete(SmbResponse.ok(body(p.req().alloc(), data)));
            }
        }

        void failAll(int status) {
            List<Pending> all;
            synchronized (this) {
                all = new ArrayList<>(pending);
                pending.clear();
            }
            for (Pending p : all) p.op().fail(status);
        }

        void cleanup() {
            List<Pending> all;
            synchronized (this) {
                all = new ArrayList<>(pending);
                pending.clear();
                clearKept();
            }
            for (Pending p : all) p.op().complete(SmbResponse.of(NtStatus.NOTIFY_CLEANUP, body(p.req().alloc(), new byte[0])));
        }

        private void clearKept() {
            kept.clear();
            keptNames.clear();
            keptBytes = 0;
        }
    }
}
