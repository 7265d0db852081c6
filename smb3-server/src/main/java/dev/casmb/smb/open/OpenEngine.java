package dev.casmb.smb.open;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.durable.DurableRequest;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.lease.Oplocks;
import dev.casmb.smb.limits.LimitMetrics;
import dev.casmb.smb.notify.Notifications;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CreateContext;
import dev.casmb.smb.proto.message.CreateRequest;
import dev.casmb.smb.proto.message.FileNotifyInformation;
import dev.casmb.smb.proto.message.MaximalAccessResponse;
import dev.casmb.smb.proto.message.QueryOnDiskIdResponse;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.TreeConnect;
import dev.casmb.smb.vfs.FileMeta;
import dev.casmb.smb.vfs.PathResolver;
import dev.casmb.smb.vfs.Share;
import dev.casmb.smb.vfs.Vfs;
import dev.casmb.smb.vfs.VfsErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.casmb.smb.proto.message.CreateRequest.CREATE;
import static dev.casmb.smb.proto.message.CreateRequest.OPEN;
import static dev.casmb.smb.proto.message.CreateRequest.OPEN_IF;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_DELETE_ON_CLOSE;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_DIRECTORY_FILE;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_NON_DIRECTORY_FILE;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_OPEN_BY_FILE_ID;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_WRITE_THROUGH;
import static dev.casmb.smb.proto.message.CreateRequest.OVERWRITE;
import static dev.casmb.smb.proto.message.CreateRequest.OVERWRITE_IF;
import static dev.casmb.smb.proto.message.CreateRequest.SUPERSEDE;
import static dev.casmb.smb.proto.message.CreateResponse.CREATED;
import static dev.casmb.smb.proto.message.CreateResponse.OPENED;
import static dev.casmb.smb.proto.message.CreateResponse.OVERWRITTEN;
import static dev.casmb.smb.proto.message.CreateResponse.SUPERSEDED;

/**
 * An open by a decoded CREATE (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1): durable reconnect and replay first, then the
 * parameter checks, name resolution through the share's {@link Vfs}, disposition and create options, access and
 * share-mode checks, breaks (async, {@link OplocksAndLeases}), the create or overwrite itself, the oplock or lease grant, and
 * the response contexts (MxAc, QFid, RqLs, DHnQ/DH2Q). {@code again} is the CREATE handler that runs the whole request
 * again after a break.
 */
public final class OpenEngine {
    /** MS-SMB2 3.3.5.9: these option bits are refused. */
    static final int OPT_INVALID_MASK = 0xFF000000;
    static final int VALID_ATTRIBUTES = 0x00007FB7;
    /** FILE_ATTRIBUTE_SPARSE_FILE: set only by FSCTL_SET_SPARSE, never by a CREATE. */
    static final int ATTR_SPARSE_FILE = 0x200;

    private final CommandHandler again;

    public OpenEngine(CommandHandler again) {
        this.again = again;
    }

    /** Another client created the same name between our lookup and our create: open it instead. */
    private static final class LostCreateRace extends Exception {
        LostCreateRace() {
            super(null, null, false, false);
        }
    }

    /** Opens (or reconnects, or replays) what {@code c} asks for; a lost create race is run once more. */
    public OpenResult open(SmbRequest req, CreateRequest c) throws SmbException {
        try {
            return openOnce(req, c);
        } catch (LostCreateRace e) {
            try {
                return openOnce(req, c);
            } catch (LostCreateRace again) {
                throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
            }
        }
    }

    private OpenResult openOnce(SmbRequest req, CreateRequest c) throws SmbException, LostCreateRace {
        TreeConnect tree = req.tree();
        int oplock = c.oplockLevel();
        int desired = c.desiredAccess();
        int attrs = c.fileAttributes();
        int shareAccess = c.shareAccess();
        int disposition = c.disposition();
        int options = c.createOptions();
        String name = c.name();
        Map<String, byte[]> contexts = c.contextMap();

        // MS-SMB2 3.3.5.9.7/12: a durable reconnect is looked up before the open's own parameters are
        // checked (clients send DHnC/DH2C with zero DesiredAccess, ShareAccess and disposition).
        DurableRequest dr = tree.isIpc() ? null : DurableRequest.parse(contexts, req.connection().isSmb3());
        LeaseContext lr = tree.isIpc() ? null : OplocksAndLeases.request(req, oplock, contexts);
        if (dr != null && dr.isReconnect()) {
            Path requested;
            try {
                requested = tree.share.vfs().resolve(PathResolver.components(name));
            } catch (SmbException e) {
                requested = null;
            }
            Open o = DurableCreate.reconnect(req, dr, OplocksAndLeases.reconnectRequest(req, contexts), requested);
            return existing(req, o, dr);
        }
        checkParameters(c);
        if (tree.isIpc()) return PipeOpen.open(req, name, desired, shareAccess);
        if ((options & OPT_OPEN_BY_FILE_ID) != 0) throw new SmbException(NtStatus.NOT_SUPPORTED, "open by file id");
        Open replayed = dr == null ? null : DurableCreate.replay(req, dr, lr);
        if (replayed != null) return replayed(req, replayed, oplock);
        if (dr != null) DurableCreate.begin(req, dr);

        Share share = tree.share;
        Vfs vfs = share.vfs();
        List<String> comps = PathResolver.components(name);
        Path path = vfs.resolve(comps);
        boolean exists = vfs.exists(path, false) || vfs.exists(path, true);
        boolean isDir = exists && vfs.isDirectory(path, true);
        boolean wantDir = (options & OPT_DIRECTORY_FILE) != 0;
        DurableCreate.appInstance(req, dr, path);
        OplocksAndLeases.checkKey(req, lr, path);
        checkDisposition(exists, isDir, wantDir, options, disposition, comps.isEmpty());

        int granted = Access.granted(Access.maximal(req, tree), desired, exists, disposition);
        if ((options & OPT_DELETE_ON_CLOSE) != 0) {
            if ((granted & AccessMask.DELETE) == 0) throw new SmbException(NtStatus.ACCESS_DENIED, "delete-on-close without DELETE");
            if (comps.isEmpty()) throw new SmbException(NtStatus.CANNOT_DELETE);
            // MS-FSA 2.1.5.1.1: a new read-only file cannot be delete-on-close.
            if (!exists && (attrs & FileMeta.ATTR_READONLY) != 0) throw new SmbException(NtStatus.CANNOT_DELETE);
            if (exists && !isDir && readOnly(vfs, path)) throw new SmbException(NtStatus.CANNOT_DELETE);
        }
        // MS-FSA 2.1.5.1.2.1: an overwrite changes the data whatever access was asked for, and a supersede also
        // replaces the file: the share-mode and read-only checks see that access (as Samba's open_access_mask),
        // while the handle is granted what it asked for.
        final int checkAccess = granted | Access.implied(exists, disposition);
        if (exists && !isDir && (checkAccess & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0
            && !vfs.isWritable(path)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "read-only file");
        }
        boolean creating = !exists;
        boolean dir = exists ? isDir : wantDir;
        ServerContext server = req.server();
        final int grantedFinal = granted;
        final int action;
        Open open;
        int oplockLevel;
        synchronized (server.opens()) {
            FileNode existing = server.opens().existingNode(path);
            if (existing != null) {
                if (existing.deletePending) throw new SmbException(NtStatus.DELETE_PENDING);
                int before = existing.opens.size();
                boolean sharingViolation = false;
                try {
                    ShareModes.check(server, existing, checkAccess, shareAccess);
                } catch (SmbException e) {
                    if (e.status() == NtStatus.FILE_NOT_AVAILABLE) throw e;
                    sharingViolation = true;
                }
                boolean overwrite = exists && (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE);
                OplocksAndLeases.Breaks breaks = OplocksAndLeases.needed(server, existing, req.connection().clientGuid, lr,
                    grantedFinal, overwrite, sharingViolation);
                if (!breaks.none()) {
                    OplocksAndLeases.await(req, breaks, again);
                    return OpenResult.PENDING;
                }
                // Closing disconnected durable handles may have deleted the file (delete-on-close): start over
                // (smbtorture durable-open.delete_on_close1).
                if (exists && existing.opens.size() < before && !vfs.exists(path, false)) return OpenResult.RESTART;
                if (sharingViolation) {
                    // The breaks may have closed disconnected durable handles that caused the violation.
                    try {
                        ShareModes.check(server, existing, checkAccess, shareAccess);
                    } catch (SmbException e) {
                        if (e.status() == NtStatus.FILE_NOT_AVAILABLE) throw e;
                        throw new SmbException(NtStatus.SHARING_VIOLATION);
                    }
                }
            }
            if (creating) {
                create(vfs, path, dir, disposition, attrs);
                action = CREATED;
                req.server().notifications().fire(path, FileNotifyInformation.ADDED, dir ? Notifications.DIR_NAME : Notifications.FILE_NAME);
            } else if (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE) {
                action = disposition == SUPERSEDE ? SUPERSEDED : OVERWRITTEN;
            } else {
                action = OPENED;
            }
            FileChannel ch = null;
            if (!dir) {
                boolean truncate = action == OVERWRITTEN || action == SUPERSEDED;
                try {
                    ch = openChannel(vfs, path, grantedFinal, truncate,
                        (options & OPT_WRITE_THROUGH) != 0 || share.continuouslyAvailable());
                } catch (AccessDeniedException e) {
                    if (creating) deleteQuietly(vfs, path);
                    throw new SmbException(NtStatus.ACCESS_DENIED);
                } catch (IOException e) {
                    if (creating) deleteQuietly(vfs, path);
                    throw VfsErrors.status(e);
                }
                if (truncate) vfs.writeDosAttributes(path, dosAttributes(attrs) | FileMeta.ATTR_ARCHIVE);
            }
            if (req.session().opens.size() >= server.limits().maxOpensPerSession()) {
                server.limitMetrics().hit(LimitMetrics.Kind.OPENS_PER_SESSION,
                    req.connection().remote() + ": " + server.limits().maxOpensPerSession() + " opens in one session");
                closeQuietly(ch);
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many opens");
            }
            final FileChannel channel = ch;
            open = server.opens().withNode(path, node -> {
                Open o = new Open(server.opens().newPersistentId(), server.opens().newVolatileId(), tree, node, dir,
                    grantedFinal, shareAccess, options, String.join("\\", comps));
                o.channel = channel;
                node.opens.add(o);
                return o;
            });
            server.opens().register(open);
            oplockLevel = OplocksAndLeases.grant(req, open, lr, oplock, dir);
            if ((options & OPT_DELETE_ON_CLOSE) != 0) {
                open.deleteOnClose = true;
                if (exists) OplocksAndLeases.breakHandle(req.server(), open); // a delete costs other leases H (lease.unlink)
            }
            req.session().opens.put(open.volatileId, open);
        }
        open.createAction = action;
        req.setCompoundOpen(open);
        DurableCreate.tag(req, dr, open);

        FileMeta meta = stat(vfs, path);
        List<CreateContext> out = new ArrayList<>();
        if (contexts.containsKey(CreateContext.MXAC)) out.add(new MaximalAccessResponse(0, Access.maximal(req, tree)).context());
        if (contexts.containsKey(CreateContext.QFID)) {
            out.add(new QueryOnDiskIdResponse(meta.fileId(), share.root().hashCode() & 0xFFFFFFFFL).context());
        }
        if (open.lease != null) out.add(OplocksAndLeases.response(open));
        CreateContexts.Ctx durableCtx = DurableCreate.grant(req, dr, open, oplockLevel, OplocksAndLeases.leaseHandle(open));
        if (durableCtx != null) out.add(ctx(durableCtx));
        return new OpenResult(open, oplockLevel, action, meta, out);
    }

    /** MS-SMB2 3.3.5.9: the request's own fields (after a durable reconnect was ruled out). */
    static void checkParameters(CreateRequest c) throws SmbException {
        int options = c.createOptions();
        int oplock = c.oplockLevel();
        if (c.impersonationLevel() < 0 || c.impersonationLevel() > 3) throw new SmbException(NtStatus.BAD_IMPERSONATION_LEVEL);
        if (c.disposition() < 0 || c.disposition() > 5) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad disposition");
        if ((options & OPT_INVALID_MASK) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad create options");
        if ((options & OPT_DIRECTORY_FILE) != 0 && (options & OPT_NON_DIRECTORY_FILE) != 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER);
        }
        if ((c.shareAccess() & ~7) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad share access");
        if ((c.fileAttributes() & ~VALID_ATTRIBUTES) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad file attributes");
        int desired = c.desiredAccess();
        if ((desired & ~AccessMask.VALID_BITS) != 0 || desired == 0) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (oplock != 0 && oplock != 1 && oplock != 8 && oplock != 9 && oplock != 0xFF) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "bad oplock level");
        }
    }

    /** MS-FSA 2.1.5.1.2 (existing file) and 2.1.5.1.1 (new file): what the disposition and options allow. */
    static void checkDisposition(boolean exists, boolean isDir, boolean wantDir, int options, int disposition, boolean root)
        throws SmbException {
        if (exists) {
            if (wantDir && !isDir) throw new SmbException(NtStatus.NOT_A_DIRECTORY);
            if ((options & OPT_NON_DIRECTORY_FILE) != 0 && isDir) throw new SmbException(NtStatus.FILE_IS_A_DIRECTORY);
            if (disposition == CREATE) throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
            if (isDir && (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE)) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "cannot overwrite a directory");
            }
        } else {
            if (disposition == OPEN || disposition == OVERWRITE) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
            if (root) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
            if (wantDir && disposition != CREATE && disposition != OPEN_IF) throw new SmbException(NtStatus.INVALID_PARAMETER);
        }
    }

    /** Creates the file or directory with its DOS attributes (MS-FSA 2.1.5.1.1). */
    private static void create(Vfs vfs, Path path, boolean dir, int disposition, int attrs) throws SmbException, LostCreateRace {
        try {
            if (dir) vfs.createDirectory(path);
            else vfs.createFile(path);
        } catch (FileAlreadyExistsException e) {
            if (disposition == CREATE) throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
            throw new LostCreateRace();
        } catch (NoSuchFileException e) {
            throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
        int dosAttrs = dosAttributes(attrs);
        if (!dir) dosAttrs |= FileMeta.ATTR_ARCHIVE;
        if (dosAttrs != 0 && dosAttrs != FileMeta.ATTR_ARCHIVE) vfs.writeDosAttributes(path, dosAttrs);
        if ((attrs & FileMeta.ATTR_READONLY) != 0) {
            try {
                vfs.setReadOnly(path, true);
            } catch (IOException ignored) {
                // best effort, as before: the file is created either way
            }
        }
    }

    /** The DOS attributes a CREATE stores (directory and normal are implied; sparse only via FSCTL_SET_SPARSE). */
    private static int dosAttributes(int attrs) {
        return attrs & ~(FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_NORMAL | ATTR_SPARSE_FILE);
    }

    /** An existing open answered by this CREATE: it becomes the compound's open; its current metadata. */
    private static FileMeta existingMeta(SmbRequest req, Open o) throws SmbException {
        req.setCompoundOpen(o);
        return stat(o.tree.share.vfs(), o.path());
    }

    /** A durable reclaim: the reconnected open as it is. */
    private static OpenResult existing(SmbRequest req, Open o, DurableRequest dr) throws SmbException {
        FileMeta meta = existingMeta(req, o);
        List<CreateContext> out = new ArrayList<>();
        if (o.lease != null) out.add(OplocksAndLeases.response(o));
        // Only a replayed DH2Q gets its DH2Q response again; a reconnect gets none (smbtorture reopen2).
        if (o.durable != null && o.durable.v2 && dr.kind() == DurableRequest.Kind.V2_REQUEST) {
            out.add(ctx(DurableCreate.dh2qResponse(o.durable)));
        }
        return new OpenResult(o, o.oplockLevel, OPENED, meta, out);
    }

    /**
     * The answer to a replayed DH2Q CREATE (MS-SMB2 3.3.5.9.10): the existing open with the CreateAction of
     * the original CREATE. Like Windows and Samba, the replay's own oplock request is echoed (the open's
     * oplock is not changed), and the DH2Q response is included when that request could have made the
     * open durable (a batch oplock or a lease); a lease reply carries the lease's current state.
     */
    private static OpenResult replayed(SmbRequest req, Open o, int requestedOplock) throws SmbException {
        FileMeta meta = existingMeta(req, o);
        List<CreateContext> out = new ArrayList<>();
        boolean lease = requestedOplock == Oplocks.LEASE && o.lease != null;
        if (lease) out.add(OplocksAndLeases.response(o));
        boolean couldBeDurable = lease || requestedOplock == DurableCreate.OPLOCK_BATCH;
        if (o.durable != null && o.durable.v2 && couldBeDurable) out.add(ctx(DurableCreate.dh2qResponse(o.durable)));
        int level = lease ? Oplocks.LEASE : requestedOplock == Oplocks.LEASE ? 0 : requestedOplock;
        return new OpenResult(o, level, o.createAction, meta, out);
    }

    /** True if the file carries the DOS read-only attribute (no owner write bit), even for root. */
    private static boolean readOnly(Vfs vfs, Path p) {
        try {
            return (vfs.stat(p).attributes() & FileMeta.ATTR_READONLY) != 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static FileMeta stat(Vfs vfs, Path p) throws SmbException {
        try {
            return vfs.stat(p);
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
    }

    private static FileChannel openChannel(Vfs vfs, Path p, int access, boolean truncate, boolean sync) throws IOException {
        Set<OpenOption> o = new HashSet<>();
        o.add(StandardOpenOption.READ);
        boolean write = (access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0;
        if (write || truncate) o.add(StandardOpenOption.WRITE);
        if (truncate) o.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (sync && write) o.add(StandardOpenOption.DSYNC);
        try {
            return vfs.open(p, o);
        } catch (AccessDeniedException e) {
            if (write || truncate) throw e;
            // a file without read permission can still be opened for attributes only
            return null;
        }
    }

    private static CreateContext ctx(CreateContexts.Ctx c) {
        return new CreateContext(c.name(), c.data());
    }

    private static void deleteQuietly(Vfs vfs, Path p) {
        try { vfs.delete(p); } catch (IOException ignored) { /* best effort */ }
    }

    private static void closeQuietly(FileChannel c) {
        try { if (c != null) c.close(); } catch (IOException ignored) { /* best effort */ }
    }
}
