package dev.casmb.smb.command;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.AsyncOp;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.durable.DurableCreate;
import dev.casmb.smb.durable.DurableRequest;
import dev.casmb.smb.durable.DurableState;
import dev.casmb.smb.ipc.NamedPipeService;
import dev.casmb.smb.lease.Lease;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.lease.LeaseState;
import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.oplock.Oplocks;
import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.AccessMask;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.TreeConnect;
import dev.casmb.smb.vfs.DosAttributes;
import dev.casmb.smb.vfs.FileMeta;
import dev.casmb.smb.vfs.PathResolver;
import dev.casmb.smb.vfs.Share;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SMB2 CREATE (MS-SMB2 3.3.5.9): dispositions, options, share modes, access checks, MxAc/QFid. */
public final class Create implements CommandHandler {
    public static final int SUPERSEDE = 0, OPEN = 1, CREATE = 2, OPEN_IF = 3, OVERWRITE = 4, OVERWRITE_IF = 5;
    public static final int ACTION_SUPERSEDED = 0, ACTION_OPENED = 1, ACTION_CREATED = 2, ACTION_OVERWRITTEN = 3;
    public static final int OPT_DIRECTORY_FILE = 0x1;
    public static final int OPT_WRITE_THROUGH = 0x2;
    public static final int OPT_NON_DIRECTORY_FILE = 0x40;
    public static final int OPT_DELETE_ON_CLOSE = 0x1000;
    public static final int OPT_OPEN_BY_FILE_ID = 0x2000;
    public static final int OPT_OPEN_REPARSE_POINT = 0x200000;
    /** MS-SMB2 3.3.5.9: these option bits are refused. */
    static final int OPT_INVALID_MASK = 0xFF000000;
    public static final int SHARE_READ = 1, SHARE_WRITE = 2, SHARE_DELETE = 4;
    static final int VALID_ATTRIBUTES = 0x00007FB7;

    @Override public int structureSize() { return 57; }

    /** Another client created the same name between our lookup and our create: open it instead. */
    private static final class LostCreateRace extends Exception {
        LostCreateRace() {
            super(null, null, false, false);
        }
    }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        SmbResponse r;
        try {
            r = handleRacing(req);
        } catch (SmbException | RuntimeException e) {
            DurableCreate.end(req, null);
            throw e;
        }
        if (!r.pending()) DurableCreate.end(req, r.status() == NtStatus.SUCCESS ? req.compoundOpen() : null);
        return r;
    }

    private SmbResponse handleRacing(SmbRequest req) throws SmbException {
        try {
            return handleOnce(req);
        } catch (LostCreateRace e) {
            try {
                return handleOnce(req);
            } catch (LostCreateRace again) {
                throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
            }
        }
    }

    private SmbResponse handleOnce(SmbRequest req) throws SmbException, LostCreateRace {
        TreeConnect tree = req.tree();
        int oplock = req.u8(3);
        int impersonation = req.u32(4);
        int desired = req.u32(24);
        int attrs = req.u32(28);
        int shareAccess = req.u32(32);
        int disposition = req.u32(36);
        int options = req.u32(40);
        String name = req.utf16(req.u16(44), req.u16(46));
        Map<String, byte[]> contexts = CreateContexts.parse(req.msg(), req.u32(48), req.u32(52));

        // MS-SMB2 3.3.5.9.7/12: a durable reconnect is looked up before the open's own parameters are
        // checked (clients send DHnC/DH2C with zero DesiredAccess, ShareAccess and disposition).
        DurableRequest dr = tree.isIpc() ? null : DurableRequest.parse(contexts, req.connection().isSmb3());
        LeaseContext lr = tree.isIpc() ? null : Leases.request(req, oplock, contexts);
        if (dr != null && dr.isReconnect()) {
            Path requested;
            try {
                requested = tree.share.resolver().resolve(PathResolver.components(name));
            } catch (SmbException e) {
                requested = null;
            }
            Open o = DurableCreate.reconnect(req, dr, Leases.reconnectRequest(req, contexts), requested);
            return existing(req, o, dr, lr);
        }
        if (impersonation < 0 || impersonation > 3) throw new SmbException(NtStatus.BAD_IMPERSONATION_LEVEL);
        if (disposition < 0 || disposition > 5) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad disposition");
        if ((options & OPT_INVALID_MASK) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad create options");
        if ((options & OPT_DIRECTORY_FILE) != 0 && (options & OPT_NON_DIRECTORY_FILE) != 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER);
        }
        if ((shareAccess & ~7) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad share access");
        if ((attrs & ~VALID_ATTRIBUTES) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad file attributes");
        if ((desired & ~AccessMask.VALID_BITS) != 0 || desired == 0) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (oplock != 0 && oplock != 1 && oplock != 8 && oplock != 9 && oplock != 0xFF) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "bad oplock level");
        }

        if (tree.isIpc()) return openPipe(req, name, desired, shareAccess);
        if ((options & OPT_OPEN_BY_FILE_ID) != 0) throw new SmbException(NtStatus.NOT_SUPPORTED, "open by file id");
        Open replayed = dr == null ? null : DurableCreate.replay(req, dr, lr);
        if (replayed != null) return replayed(req, replayed, dr, oplock);
        if (dr != null) DurableCreate.begin(req, dr);

        Share share = tree.share;
        List<String> comps = PathResolver.components(name);
        Path path = share.resolver().resolve(comps);
        boolean exists = Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.exists(path);
        boolean isDir = exists && Files.isDirectory(path);
        boolean wantDir = (options & OPT_DIRECTORY_FILE) != 0;
        DurableCreate.appInstance(req, dr, path);
        req.server().leases().checkKey(req.connection().clientGuid, lr, path);

        if (exists) {
            if (wantDir && !isDir) throw new SmbException(NtStatus.NOT_A_DIRECTORY);
            if ((options & OPT_NON_DIRECTORY_FILE) != 0 && isDir) throw new SmbException(NtStatus.FILE_IS_A_DIRECTORY);
            if (disposition == CREATE) throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
            if (isDir && (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE)) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "cannot overwrite a directory");
            }
        } else {
            if (disposition == OPEN || disposition == OVERWRITE) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
            if (comps.isEmpty()) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
            if (wantDir && disposition != CREATE && disposition != OPEN_IF) throw new SmbException(NtStatus.INVALID_PARAMETER);
        }

        int granted = grantedAccess(maximalAccess(req, tree), desired, exists, disposition);
        if ((options & OPT_DELETE_ON_CLOSE) != 0) {
            if ((granted & AccessMask.DELETE) == 0) throw new SmbException(NtStatus.ACCESS_DENIED, "delete-on-close without DELETE");
            if (comps.isEmpty()) throw new SmbException(NtStatus.CANNOT_DELETE);
            // MS-FSA 2.1.5.1.1: a new read-only file cannot be delete-on-close.
            if (!exists && (attrs & FileMeta.ATTR_READONLY) != 0) throw new SmbException(NtStatus.CANNOT_DELETE);
            if (exists && !isDir && SetInfo.isReadOnly(path)) throw new SmbException(NtStatus.CANNOT_DELETE);
        }
        // MS-FSA 2.1.5.1.2.1: an overwrite changes the data whatever access was asked for, and a supersede also
        // replaces the file: the share-mode and read-only checks see that access (as Samba's open_access_mask),
        // while the handle is granted what it asked for.
        final int checkAccess = granted | impliedAccess(exists, disposition);
        if (exists && !isDir && (checkAccess & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0
            && !Files.isWritable(path)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "read-only file");
        }
        boolean creating = !exists;
        boolean dir = exists ? isDir : wantDir;
        ServerContext server = req.server();
        Path key = path;
        final int grantedFinal = granted;
        final int action;
        Open open;
        int oplockLevel;
        synchronized (server.opens()) {
            FileNode existing = server.opens().existingNode(key);
            if (existing != null) {
                if (existing.deletePending) throw new SmbException(NtStatus.DELETE_PENDING);
                int before = existing.opens.size();
                boolean sharingViolation = false;
                try {
                    checkShareModes(server, existing, checkAccess, shareAccess);
                } catch (SmbException e) {
                    if (e.status() == NtStatus.FILE_NOT_AVAILABLE) throw e;
                    sharingViolation = true;
                }
                boolean overwrite = exists && (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE);
                List<Open> breaking = server.oplocks().breakFor(existing, grantedFinal, overwrite, sharingViolation);
                List<Lease> leaseBreaks = server.leases().breakFor(existing, req.connection().clientGuid, lr, grantedFinal, overwrite,
                    sharingViolation);
                if (!breaking.isEmpty() || !leaseBreaks.isEmpty()) return waitForOplockBreaks(req, breaking, leaseBreaks);
                // Closing disconnected durable handles may have deleted the file (delete-on-close): start over
                // (smbtorture durable-open.delete_on_close1).
                if (exists && existing.opens.size() < before && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    return handle(req);
                }
                if (sharingViolation) {
                    // The breaks may have closed disconnected durable handles that caused the violation.
                    try {
                        checkShareModes(server, existing, checkAccess, shareAccess);
                    } catch (SmbException e) {
                        if (e.status() == NtStatus.FILE_NOT_AVAILABLE) throw e;
                        throw new SmbException(NtStatus.SHARING_VIOLATION);
                    }
                }
            }
            if (creating) {
                try {
                    if (dir) Files.createDirectory(path);
                    else Files.createFile(path);
                } catch (FileAlreadyExistsException e) {
                    if (disposition == CREATE) throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
                    throw new LostCreateRace();
                } catch (NoSuchFileException e) {
                    throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
                } catch (AccessDeniedException e) {
                    throw new SmbException(NtStatus.ACCESS_DENIED);
                } catch (IOException e) {
                    throw ioError(e);
                }
                int dosAttrs = attrs & ~(FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_NORMAL | dev.casmb.smb.fsctl.Sparse.ATTR_SPARSE_FILE); // sparse only via FSCTL_SET_SPARSE
                if (!dir) dosAttrs |= FileMeta.ATTR_ARCHIVE;
                if (dosAttrs != 0 && dosAttrs != FileMeta.ATTR_ARCHIVE) DosAttributes.write(path, dosAttrs);
                if ((attrs & FileMeta.ATTR_READONLY) != 0) path.toFile().setWritable(false, false);
                action = ACTION_CREATED;
                req.server().notifications().fire(path, ChangeNotify.ADDED, dir ? ChangeNotify.DIR_NAME : ChangeNotify.FILE_NAME);
            } else if (disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE) {
                action = disposition == SUPERSEDE ? ACTION_SUPERSEDED : ACTION_OVERWRITTEN;
            } else {
                action = ACTION_OPENED;
            }
            FileChannel ch = null;
            if (!dir) {
                try {
                    ch = openChannel(path, grantedFinal, action == ACTION_OVERWRITTEN || action == ACTION_SUPERSEDED,
                        (options & OPT_WRITE_THROUGH) != 0 || share.continuouslyAvailable());
                } catch (AccessDeniedException e) {
                    if (creating) deleteQuietly(path);
                    throw new SmbException(NtStatus.ACCESS_DENIED);
                } catch (IOException e) {
                    if (creating) deleteQuietly(path);
                    throw ioError(e);
                }
                if (action == ACTION_OVERWRITTEN || action == ACTION_SUPERSEDED) {
                    int dosAttrs = attrs & ~(FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_NORMAL | dev.casmb.smb.fsctl.Sparse.ATTR_SPARSE_FILE); // sparse only via FSCTL_SET_SPARSE
                    DosAttributes.write(path, dosAttrs | FileMeta.ATTR_ARCHIVE);
                }
            }
            if (req.session().opens.size() >= server.limits().maxOpensPerSession()) {
                server.limitMetrics().hit(dev.casmb.smb.limits.LimitMetrics.Kind.OPENS_PER_SESSION,
                    req.connection().remote() + ": " + server.limits().maxOpensPerSession() + " opens in one session");
                closeQuietly(ch);
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many opens");
            }
            final FileChannel channel = ch;
            open = server.opens().withNode(key, node -> {
                Open o = new Open(server.opens().newPersistentId(), server.opens().newVolatileId(), tree, node, dir,
                    grantedFinal, shareAccess, options, String.join("\\", comps));
                o.channel = channel;
                node.opens.add(o);
                return o;
            });
            server.opens().register(open);
            if (lr != null && !dir) {
                server.leases().grant(open, lr, req.connection().clientGuid, req.dispatcher());
                oplockLevel = Oplocks.LEASE;
            } else {
                int wanted = oplock == 0 || oplock == Oplocks.LEASE ? 0 : server.leases().capOplock(open, oplock);
                oplockLevel = wanted == 0 ? 0 : server.oplocks().grant(open, wanted, req.dispatcher());
            }
            if ((options & OPT_DELETE_ON_CLOSE) != 0) {
                open.deleteOnClose = true;
                if (exists) server.leases().breakHandle(open.node, open); // a delete costs other leases H (lease.unlink)
            }
            req.session().opens.put(open.volatileId, open);
        }
        open.createAction = action;
        req.setCompoundOpen(open);
        DurableCreate.tag(req, dr, open);

        FileMeta meta;
        try {
            meta = FileMeta.read(path);
        } catch (IOException e) {
            throw ioError(e);
        }
        List<CreateContexts.Ctx> out = new ArrayList<>();
        if (contexts.containsKey("MxAc")) {
            byte[] d = new byte[8];
            putInt(d, 4, maximalAccess(req, tree));
            out.add(new CreateContexts.Ctx("MxAc", d));
        }
        if (contexts.containsKey("QFid")) {
            byte[] d = new byte[32];
            putLong(d, 0, meta.fileId());
            putLong(d, 8, share.root().hashCode() & 0xFFFFFFFFL);
            out.add(new CreateContexts.Ctx("QFid", d));
        }
        if (open.lease != null) out.add(Leases.response(open));
        boolean leaseHandle = open.lease != null && (open.lease.state() & LeaseState.H) != 0;
        CreateContexts.Ctx durableCtx = DurableCreate.grant(req, dr, open, oplockLevel, leaseHandle);
        if (durableCtx != null) out.add(durableCtx);
        return SmbResponse.ok(response(req, open, oplockLevel, action, meta, out));
    }

    /** An existing open answered by this CREATE: it becomes the compound's open; its current metadata. */
    private static FileMeta existingMeta(SmbRequest req, Open o) throws SmbException {
        req.setCompoundOpen(o);
        try {
            return FileMeta.read(o.path());
        } catch (IOException e) {
            throw ioError(e);
        }
    }

    /** Response for an open that already exists (durable reclaim or replayed CREATE). */
    private static SmbResponse existing(SmbRequest req, Open o, DurableRequest dr, LeaseContext lr) throws SmbException {
        FileMeta meta = existingMeta(req, o);
        List<CreateContexts.Ctx> out = new ArrayList<>();
        if (o.lease != null) out.add(Leases.response(o));
        // Only a replayed DH2Q gets its DH2Q response again; a reconnect gets none (smbtorture reopen2).
        if (o.durable != null && o.durable.v2 && dr.kind() == DurableRequest.Kind.V2_REQUEST) {
            out.add(DurableCreate.dh2qResponse(o.durable));
        }
        return SmbResponse.ok(response(req, o, o.oplockLevel, ACTION_OPENED, meta, out));
    }

    /**
     * The answer to a replayed DH2Q CREATE (MS-SMB2 3.3.5.9.10): the existing open with the CreateAction of
     * the original CREATE. Like Windows and Samba, the replay's own oplock request is echoed (the open's
     * oplock is not changed), and the DH2Q response is included when that request could have made the
     * open durable (a batch oplock or a lease); a lease reply carries the lease's current state.
     */
    private static SmbResponse replayed(SmbRequest req, Open o, DurableRequest dr, int requestedOplock) throws SmbException {
        FileMeta meta = existingMeta(req, o);
        List<CreateContexts.Ctx> out = new ArrayList<>();
        boolean lease = requestedOplock == Oplocks.LEASE && o.lease != null;
        if (lease) out.add(Leases.response(o));
        boolean couldBeDurable = lease || requestedOplock == DurableCreate.OPLOCK_BATCH;
        if (o.durable != null && o.durable.v2 && couldBeDurable) out.add(DurableCreate.dh2qResponse(o.durable));
        int level = lease ? Oplocks.LEASE : requestedOplock == Oplocks.LEASE ? 0 : requestedOplock;
        return SmbResponse.ok(response(req, o, level, o.createAction, meta, out));
    }

    /**
     * MS-SMB2 3.3.5.9 / 3.3.4.6: the CREATE goes async until the broken oplocks are acknowledged (or
     * their opens close, or the break times out), then runs again from the start. The request buffer is
     * retained meanwhile.
     */
    private SmbResponse waitForOplockBreaks(SmbRequest req, List<Open> breaking, List<Lease> leaseBreaks) {
        boolean first = req.asyncOp() == null;
        AsyncOp op = req.goAsync();
        if (first) {
            req.msg().retain();
            op.onCancel(() -> {
                if (op.fail(NtStatus.CANCELLED)) req.msg().release();
            });
        }
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable again = () -> {
            if (once.compareAndSet(false, true)) java.util.concurrent.ForkJoinPool.commonPool().execute(() -> retry(req, op));
        };
        if (!breaking.isEmpty()) req.server().oplocks().whenResolved(breaking, again);
        if (!leaseBreaks.isEmpty()) req.server().leases().whenResolved(leaseBreaks, again);
        return SmbResponse.PENDING;
    }

    private void retry(SmbRequest req, AsyncOp op) {
        if (op.isDone()) return;
        SmbResponse r;
        try {
            // a continuation, not a client frame: the data-fencing check is made here (the node may have lost the
            // aggregate while the CREATE waited for a break)
            TreeConnect tree = req.tree();
            if (tree != null && tree.share != null && !req.server().mayMutate(tree.share.name())) {
                throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "this node may no longer change the share's data");
            }
            r = handle(req);
        } catch (SmbException e) {
            r = SmbResponse.error(e.status());
        } catch (RuntimeException e) {
            r = SmbResponse.error(NtStatus.INTERNAL_ERROR);
        }
        if (r.pending()) return;
        if (op.complete(r)) req.msg().release();
    }

    static ByteBuf response(SmbRequest req, Open open, int oplock, int action, FileMeta meta, List<CreateContexts.Ctx> ctxs) {
        ByteBuf c = CreateContexts.encode(req.alloc(), ctxs);
        ByteBuf b = req.alloc().buffer(88 + c.readableBytes());
        b.writeShortLE(89);
        b.writeByte(oplock);
        b.writeByte(0);
        b.writeIntLE(action);
        meta.writeNetworkOpenFields(b);
        b.writeIntLE(0);
        b.writeLongLE(open.persistentId);
        b.writeLongLE(open.volatileId);
        if (c.readableBytes() > 0) {
            b.writeIntLE(64 + 88);
            b.writeIntLE(c.readableBytes());
            b.writeBytes(c);
        } else {
            b.writeIntLE(0);
            b.writeIntLE(0);
        }
        c.release();
        return b;
    }

    /**
     * The share's MaximalAccess for the session's current user (the ACL is evaluated on every CREATE,
     * not only at TREE_CONNECT, so that re-authentication as another user cannot keep the first
     * user's rights); ACCESS_DENIED if that user may no longer use the share.
     */
    static int maximalAccess(SmbRequest req, TreeConnect tree) throws SmbException {
        int maximal = req.server().shareAccess(tree.share, req.session()) & tree.maximalAccess;
        if (maximal == 0) throw new SmbException(NtStatus.ACCESS_DENIED, "user not allowed on share " + tree.share.name());
        return maximal;
    }

    private static int grantedAccess(int maximal, int desired, boolean exists, int disposition) throws SmbException {
        int d = AccessMask.mapGeneric(desired);
        if ((desired & AccessMask.MAXIMUM_ALLOWED) != 0) d |= maximal;
        d &= ~AccessMask.MAXIMUM_ALLOWED;
        if ((d & AccessMask.ACCESS_SYSTEM_SECURITY) != 0) throw new SmbException(NtStatus.PRIVILEGE_NOT_HELD);
        boolean writes = !exists || disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE;
        boolean readOnly = (maximal & AccessMask.FILE_WRITE_DATA) == 0;
        if (readOnly) {
            if ((d & AccessMask.WRITE_BITS) != 0 || writes) throw new SmbException(NtStatus.ACCESS_DENIED, "read-only share");
        }
        if ((d & ~maximal) != 0) throw new SmbException(NtStatus.ACCESS_DENIED);
        return d;
    }

    /**
     * Access an open of an existing file implies by its disposition (MS-FSA 2.1.5.1.2.1): FILE_OVERWRITE(_IF) writes
     * (FILE_WRITE_DATA, FILE_WRITE_EA, FILE_WRITE_ATTRIBUTES), FILE_SUPERSEDE replaces (DELETE) and, as this server
     * supersedes by truncating the file in place, writes too.
     */
    static int impliedAccess(boolean exists, int disposition) {
        if (!exists) return 0;
        int write = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_WRITE_EA | AccessMask.FILE_WRITE_ATTRIBUTES;
        return switch (disposition) {
            case OVERWRITE, OVERWRITE_IF -> write;
            case SUPERSEDE -> write | AccessMask.DELETE;
            default -> 0;
        };
    }

    /** Share-mode check against the file's other opens (MS-FSA 2.1.5.1.2 "sharing violation"). */
    static void checkShareModes(ServerContext server, FileNode node, int access, int share) throws SmbException {
        int dataBits = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA
            | AccessMask.FILE_EXECUTE | AccessMask.DELETE;
        if ((access & dataBits) == 0) return;
        for (Open o : node.opens) {
            if ((o.grantedAccess & dataBits) == 0) continue;
            if (conflicts(o.grantedAccess, share) || conflicts(access, o.shareAccess)) {
                DurableState st = o.durable;
                if (st != null && st.isDisconnected()) {
                    // A disconnected persistent handle blocks conflicting opens until reclaim or expiry;
                    // a disconnected durable (non-persistent) one gives way (MS-SMB2 3.3.5.9, 3.3.7.1).
                    if (st.persistent) throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "persistent handle awaiting reclaim");
                    server.closeOpen(o);
                    continue;
                }
                throw new SmbException(NtStatus.SHARING_VIOLATION);
            }
        }
    }

    private static boolean conflicts(int access, int share) {
        if ((access & (AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) != 0 && (share & SHARE_READ) == 0) return true;
        if ((access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0 && (share & SHARE_WRITE) == 0) return true;
        return (access & AccessMask.DELETE) != 0 && (share & SHARE_DELETE) == 0;
    }

    private static FileChannel openChannel(Path p, int access, boolean truncate, boolean sync) throws IOException {
        Set<OpenOption> o = new HashSet<>();
        o.add(StandardOpenOption.READ);
        boolean write = (access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0;
        if (write || truncate) o.add(StandardOpenOption.WRITE);
        if (truncate) o.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (sync && write) o.add(StandardOpenOption.DSYNC);
        try {
            return FileChannel.open(p, o);
        } catch (AccessDeniedException e) {
            if (write || truncate) throw e;
            // a file without read permission can still be opened for attributes only
            return null;
        }
    }

    private SmbResponse openPipe(SmbRequest req, String name, int desired, int shareAccess) throws SmbException {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        final String pipe = lower.startsWith("\\pipe\\") ? lower.substring(6) : lower;
        // Non-TCP transports (in-memory test channels) have no socket address: the pipe sees null.
        NamedPipeService.NamedPipe np = req.server().pipes().open(pipe, req.session().user,
            inet(req.connection().channel.remoteAddress()), inet(req.connection().channel.localAddress()))
            .orElseThrow(() -> new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no pipe " + name));
        TreeConnect tree = req.tree();
        ServerContext server = req.server();
        // A key no share path can equal (never touched on disk): each pipe instance is its own node.
        Path key = Path.of("/dev/null", "casmb-pipe", pipe, Long.toString(server.opens().newVolatileId()));
        Open open = server.opens().withNode(key, node -> {
            Open o = new Open(server.opens().newPersistentId(), server.opens().newVolatileId(), tree, node, false,
                AccessMask.mapGeneric(desired) & ~AccessMask.MAXIMUM_ALLOWED, shareAccess, 0, pipe);
            node.opens.add(o);
            return o;
        });
        open.pipe = np;
        server.opens().register(open);
        req.session().opens.put(open.volatileId, open);
        req.setCompoundOpen(open);
        FileMeta meta = new FileMeta(0, 0, 0, 0, 0, 4096, FileMeta.ATTR_NORMAL, 0, 1, false);
        return SmbResponse.ok(response(req, open, 0, ACTION_OPENED, meta, List.of()));
    }

    private static java.net.InetSocketAddress inet(java.net.SocketAddress a) {
        return a instanceof java.net.InetSocketAddress i ? i : null;
    }

    static SmbException ioError(IOException e) {
        if (e instanceof NoSuchFileException) return new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
        if (e instanceof AccessDeniedException) return new SmbException(NtStatus.ACCESS_DENIED);
        if (e instanceof FileAlreadyExistsException) return new SmbException(NtStatus.OBJECT_NAME_COLLISION);
        if (e instanceof DirectoryNotEmptyException) return new SmbException(NtStatus.DIRECTORY_NOT_EMPTY);
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left")) return new SmbException(NtStatus.DISK_FULL);
        return new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
    }

    private static void deleteQuietly(Path p) {
        try { Files.deleteIfExists(p); } catch (IOException ignored) { /* best effort */ }
    }

    private static void closeQuietly(FileChannel c) {
        try { if (c != null) c.close(); } catch (IOException ignored) { /* best effort */ }
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v; b[at + 1] = (byte) (v >>> 8); b[at + 2] = (byte) (v >>> 16); b[at + 3] = (byte) (v >>> 24);
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) v);
        putInt(b, at + 4, (int) (v >>> 32));
    }
}
