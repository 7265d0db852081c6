package dev.casmb.smb.notify;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.ChangeNotifyRequest;
import dev.casmb.smb.proto.message.ChangeNotifyResponse;
import dev.casmb.smb.proto.message.FileNotifyInformation;
import dev.casmb.smb.response.DeferrableRequest;
import dev.casmb.smb.response.PendingResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenLifecycleListener;
import dev.casmb.smb.vfs.Vfs;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One server's change notification state (MS-SMB2 3.3.5.19; MS-FSA 2.1.5.10). The first CHANGE_NOTIFY on a
 * directory handle starts watching it; changes made through this server are reported by the handlers that make
 * them ({@link #fire}). Changes that happen while no request is outstanding are kept for the next one, up to the
 * first request's OutputBufferLength; beyond that, or when the changes do not fit the request's buffer, the request
 * completes with STATUS_NOTIFY_ENUM_DIR (the client re-reads the directory). Closing the handle completes
 * outstanding requests with STATUS_NOTIFY_CLEANUP.
 */
public final class Notifications implements OpenLifecycleListener {
    /** FILE_NOTIFY_CHANGE_* bits of CompletionFilter (MS-SMB2 2.2.35). */
    public static final int FILE_NAME = 0x1, DIR_NAME = 0x2, ATTRIBUTES = 0x4, SIZE = 0x8, LAST_WRITE = 0x10,
        LAST_ACCESS = 0x20, CREATION = 0x40, EA = 0x80, SECURITY = 0x100;

    /** One change: the changed path, the FILE_ACTION and the FILE_NOTIFY_CHANGE bits it matches. */
    public record Change(Path path, int action, int filter) {}

    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    /** The Vfs of an open's share, also for a disconnected durable open (null: not served here). */
    private final Function<Open, Vfs> vfsOf;

    /** Notifications that find an open's Vfs through its tree connect only. */
    public Notifications() {
        this(o -> o.tree == null || o.tree.share == null ? null : o.tree.share.vfs());
    }

    /** @param vfsOf the Vfs of an open's share, also for a disconnected durable open (null: not served here) */
    public Notifications(Function<Open, Vfs> vfsOf) {
        this.vfsOf = vfsOf;
    }
    private final Map<Open, Boolean> written = new ConcurrentHashMap<>();
    private final Map<Open, Boolean> renamed = new ConcurrentHashMap<>();

    /**
     * A CHANGE_NOTIFY on the directory handle {@code o} (access and type already checked): answered now from kept
     * changes, or pending until a change arrives.
     */
    public SmbResponse request(DeferrableRequest req, Open o, ChangeNotifyRequest r) throws SmbException {
        Watch w;
        synchronized (o) {
            if (o.closed) throw new SmbException(NtStatus.FILE_CLOSED);
            w = o.notifyState instanceof Watch existing ? existing : null;
            if (w == null) {
                w = new Watch(o, r.outputBufferLength());
                o.notifyState = w;
                watches.add(w);
            }
        }
        return w.request(req, r.outputBufferLength(), r.completionFilter(), r.watchTree());
    }

    /** Reports changes made through the server; each is matched against every watched directory. */
    public void fire(Change... changes) {
        if (watches.isEmpty()) return;
        for (Watch w : watches) w.offer(List.of(changes));
    }

    public void fire(Path path, int action, int filter) {
        fire(new Change(path, action, filter));
    }

    /**
     * A rename within a directory is an OLD_NAME/NEW_NAME pair, across directories a REMOVED/ADDED
     * pair. A renamed file (not directory) also reports attributes modified on its new name when its
     * handle is closed, as Windows does.
     */
    public void fireRename(Open o, Path from, Path to) {
        int f = o.directory ? DIR_NAME : FILE_NAME;
        boolean sameDir = java.util.Objects.equals(from.getParent(), to.getParent());
        if (!o.directory && !watches.isEmpty()) renamed.put(o, Boolean.TRUE);
        fire(new Change(from, sameDir ? FileNotifyInformation.RENAMED_OLD_NAME : FileNotifyInformation.REMOVED, f),
            new Change(to, sameDir ? FileNotifyInformation.RENAMED_NEW_NAME : FileNotifyInformation.ADDED, f));
    }

    /** Called by SET_INFO (file class) after a change: attributes/times (Basic) or size (EOF, allocation). */
    public void onSetInfo(Open o, int infoClass) {
        if (watches.isEmpty() || o.pipe != null) return;
        switch (infoClass) {
            case 4 -> fire(o.path(), FileNotifyInformation.MODIFIED, ATTRIBUTES | LAST_WRITE | LAST_ACCESS | CREATION);
            case 19, 20 -> fire(o.path(), FileNotifyInformation.MODIFIED, SIZE);  // FileAllocation-, FileEndOfFileInformation
            default -> { }
        }
    }

    /** Called by WRITE: the file's change is reported once, when the handle is closed. */
    public void onWrite(Open o) {
        if (!watches.isEmpty()) written.put(o, Boolean.TRUE);
    }

    /**
     * An open closed: completes pending notifications of a closing directory handle with STATUS_NOTIFY_CLEANUP, and
     * reports the removal (delete on close) or modification of the file.
     */
    @Override
    public void onClose(Open o) {
        Watch w = unwatch(o);
        if (w != null) w.cleanup();
        if (o.node.deletePending) {
            // MS-FSA 2.1.5.4: a watched directory that is going away completes its notifications.
            for (Watch x : watches) if (x.dir.node == o.node) x.failAll(NtStatus.DELETE_PENDING);
        }
        boolean wasWritten = written.remove(o) != null;
        boolean wasRenamed = renamed.remove(o) != null;
        if (o.pipe != null || watches.isEmpty()) return;
        Path p = o.path();
        Vfs vfs = vfsOf.apply(o);
        // REMOVED only when the file is really gone (a delete-on-close can be refused or fail); a share no longer
        // served here cannot be checked, and has no watches here either
        if (o.node.deletePending && o.node.opens.isEmpty() && vfs != null && !vfs.exists(p, false)) {
            fire(p, FileNotifyInformation.REMOVED, o.directory ? DIR_NAME : FILE_NAME);
        } else if (wasWritten || wasRenamed) {
            fire(p, FileNotifyInformation.MODIFIED,
                (wasWritten ? SIZE | LAST_WRITE : 0) | (wasRenamed ? ATTRIBUTES | CREATION : 0));
        }
    }

    /**
     * An open forgotten because its share moved away: its watch and marks go, nothing is reported (the client's
     * connection is being reset).
     */
    @Override
    public void onAbandon(Open o) {
        unwatch(o);
        written.remove(o);
        renamed.remove(o);
    }

    private Watch unwatch(Open o) {
        Watch w;
        synchronized (o) {
            w = o.notifyState instanceof Watch x ? x : null;
            o.notifyState = null;
        }
        if (w != null) watches.remove(w);
        return w;
    }

    /** Number of watched directory handles (tests). */
    public int watchCount() {
        return watches.size();
    }

    static ByteBuf body(DeferrableRequest req, List<FileNotifyInformation> changes) {
        ChangeNotifyResponse r = new ChangeNotifyResponse(changes);
        ByteBuf b = req.alloc().buffer(8 + Math.max(1, r.bufferLength()));
        r.encode(b);
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
        private final List<FileNotifyInformation> kept = new ArrayList<>();
        private boolean overflow;
        private boolean started;

        private record Pending(PendingResponse op, DeferrableRequest req, int length) {}

        Watch(Open dir, int keepLimit) {
            this.dir = dir;
            this.keepLimit = keepLimit;
        }

        synchronized SmbResponse request(DeferrableRequest req, int length, int filter, boolean recursive) throws SmbException {
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
                List<FileNotifyInformation> data = List.copyOf(kept);
                kept.clear();
                if (FileNotifyInformation.encodedLength(data) > length) throw new SmbException(NtStatus.NOTIFY_ENUM_DIR);
                return SmbResponse.ok(body(req, data));
            }
            PendingResponse op = req.goAsync();
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
            List<FileNotifyInformation> matched = new ArrayList<>();
            Pending p;
            synchronized (this) {
                for (Change c : changes) {
                    if ((c.filter() & filter) == 0 || c.path().equals(base) || !c.path().startsWith(base)) continue;
                    Path rel = base.relativize(c.path());
                    if (rel.getNameCount() > 1 && !recursive) continue;
                    matched.add(new FileNotifyInformation(c.action(), rel.toString().replace('/', '\\')));
                }
                if (matched.isEmpty()) return;
                p = pending.poll();
                if (p == null) {
                    if (overflow) return;
                    kept.addAll(matched);
                    if (FileNotifyInformation.encodedLength(kept) > keepLimit) {
                        kept.clear();
                        overflow = true;
                    }
                    return;
                }
            }
            if (FileNotifyInformation.encodedLength(matched) > p.length()) {
                p.op().fail(NtStatus.NOTIFY_ENUM_DIR);
            } else {
                p.op().complete(SmbResponse.ok(body(p.req(), matched)));
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
                kept.clear();
            }
            for (Pending p : all) p.op().complete(SmbResponse.of(NtStatus.NOTIFY_CLEANUP, body(p.req(), List.of())));
        }
    }
}
