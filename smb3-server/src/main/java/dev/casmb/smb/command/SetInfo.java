package dev.casmb.smb.command;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.info.FileInfoClasses;
import dev.casmb.smb.info.FsInfoClasses;
import dev.casmb.smb.info.SecurityDescriptors;
import dev.casmb.smb.info.SetFileInfo;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.SetInfoRequest;
import dev.casmb.smb.proto.message.SetInfoResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.FileMeta;
import dev.casmb.smb.vfs.PathResolver;
import dev.casmb.smb.vfs.Share;
import dev.casmb.smb.vfs.Vfs;
import dev.casmb.smb.vfs.VfsErrors;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * SMB2 SET_INFO (MS-SMB2 3.3.5.21, MS-FSA 2.1.5.14): basic info (times, DOS attributes), rename,
 * delete disposition, position, mode, end-of-file and allocation size. Security descriptors are
 * validated and accepted without being stored (access is enforced per share, see
 * SecurityDescriptors); extended attributes and quotas are not supported.
 */
public final class SetInfo implements CommandHandler {
    static final int VALID_SET_ATTRIBUTES = 0x00007FB7;
    static final int ATTR_TEMPORARY = 0x100;
    public static final int DISPOSITION_DELETE = 0x1, DISPOSITION_POSIX = 0x2, DISPOSITION_ON_CLOSE = 0x8,
        DISPOSITION_IGNORE_READONLY = 0x10;

    @Override public int structureSize() { return SetInfoRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        SetInfoRequest r = SetInfoRequest.decode(req.body());
        int infoType = r.infoType();
        int cls = r.infoClass();
        int additional = r.additionalInformation();
        Open o = req.open(r.fileId());
        byte[] in = r.buffer();
        if (o.pipe != null || o.tree.share == null) throw new SmbException(NtStatus.NOT_SUPPORTED);
        switch (infoType) {
            case QueryInfo.INFO_FILE -> fileInfo(req, o, cls, in);
            case QueryInfo.INFO_FILESYSTEM -> {
                if (FsInfoClasses.fixedSize(cls) < 0) throw new SmbException(NtStatus.INVALID_INFO_CLASS);
                throw new SmbException(NtStatus.NOT_SUPPORTED, "file-system settings");
            }
            case QueryInfo.INFO_SECURITY -> security(o, additional, in);
            case QueryInfo.INFO_QUOTA -> throw new SmbException(NtStatus.NOT_SUPPORTED, "quotas");
            default -> throw new SmbException(NtStatus.INVALID_PARAMETER, "bad InfoType");
        }
        ByteBuf b = req.alloc().buffer(SetInfoResponse.STRUCTURE_SIZE);
        new SetInfoResponse().encode(b);
        return SmbResponse.ok(b);
    }

    private static void fileInfo(SmbRequest req, Open o, int cls, byte[] in) throws SmbException {
        switch (cls) {
            case FileInfoClasses.BASIC -> basic(o, in);
            case FileInfoClasses.RENAME -> rename(req, o, in);
            case FileInfoClasses.DISPOSITION -> {
                boolean delete = SetFileInfo.Disposition.decode(in).deletePending();
                QueryInfo.requireAccess(o, AccessMask.DELETE);
                setDeletePending(req.server(), o, delete, false);
                if (delete) req.server().leases().breakHandle(o.node, o); // lease.unlink
            }
            case FileInfoClasses.DISPOSITION_EX -> dispositionEx(req.server(), o, in);
            case FileInfoClasses.POSITION -> {
                long p = SetFileInfo.Int64.decode(in).value();
                if (p < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
                o.position = p;
            }
            case FileInfoClasses.MODE -> {
                int mode = SetFileInfo.Mode.decode(in).mode();
                // MS-FSA 2.1.5.14.8: only these bits, and not both synchronous modes.
                if ((mode & ~(0x2 | 0x4 | 0x10 | 0x20)) != 0 || (mode & 0x30) == 0x30) {
                    throw new SmbException(NtStatus.INVALID_PARAMETER);
                }
                // Accepted; our I/O is synchronous per request, so the mode changes nothing.
            }
            case FileInfoClasses.END_OF_FILE -> {
                long eof = SetFileInfo.Int64.decode(in).value();
                QueryInfo.requireAccess(o, AccessMask.FILE_WRITE_DATA);
                if (o.directory || eof < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
                req.server().oplocks().breakLevelII(o.node, o);
                setLength(o, eof, true);
            }
            case FileInfoClasses.ALLOCATION -> {
                long alloc = SetFileInfo.Int64.decode(in).value();
                QueryInfo.requireAccess(o, AccessMask.FILE_WRITE_DATA);
                if (o.directory || alloc < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
                req.server().oplocks().breakLevelII(o.node, o);
                setLength(o, alloc, false);
            }
            case FileInfoClasses.FULL_EA -> {
                QueryInfo.requireAccess(o, AccessMask.FILE_WRITE_EA);
                throw new SmbException(NtStatus.EAS_NOT_SUPPORTED);
            }
            case FileInfoClasses.LINK -> throw new SmbException(NtStatus.NOT_SUPPORTED, "hard links");
            default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS);
        }
        req.server().notifications().onSetInfo(o, cls);
    }

    /** FileBasicInformation: times (0 and -1/-2 mean "leave unchanged") and DOS attributes (0 = unchanged). */
    private static void basic(Open o, byte[] in) throws SmbException {
        SetFileInfo.Basic info = SetFileInfo.Basic.decode(in);
        QueryInfo.requireAccess(o, AccessMask.FILE_WRITE_ATTRIBUTES);
        long creation = info.creationTime();
        long access = info.lastAccessTime();
        long write = info.lastWriteTime();
        long change = info.changeTime();
        int attrs = info.attributes();
        for (long t : new long[] {creation, access, write, change}) {
            if (t < -2) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad time");
        }
        Path p = o.path();
        Vfs vfs = o.tree.share.vfs();
        if (attrs != 0) {
            if ((attrs & ~VALID_SET_ATTRIBUTES) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
            if (!o.directory && (attrs & FileMeta.ATTR_DIRECTORY) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
            if (o.directory && (attrs & ATTR_TEMPORARY) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
            if (!o.directory) {
                try {
                    vfs.setReadOnly(p, (attrs & FileMeta.ATTR_READONLY) != 0);
                } catch (IOException e) {
                    throw VfsErrors.status(e);
                }
            }
            int dos = attrs & ~(FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_NORMAL | FileMeta.ATTR_READONLY);
            vfs.writeDosAttributes(p, dos);
        }
        if (access > 0 || write > 0) {
            try {
                vfs.setTimes(p, write, access);
            } catch (IOException e) {
                throw VfsErrors.status(e);
            }
        }
        // Creation and change times cannot be set on POSIX file systems; they are left as they are.
    }

    /** FileRenameInformation, SMB2 form (MS-FSCC 2.4.37.2): target relative to the share root. */
    private static void rename(SmbRequest req, Open o, byte[] in) throws SmbException {
        SetFileInfo.Rename info = SetFileInfo.Rename.decode(in);
        boolean replace = info.replaceIfExists();
        QueryInfo.requireAccess(o, AccessMask.DELETE);
        String name = info.fileName();
        while (name.startsWith("\\")) name = name.substring(1);
        if (name.startsWith(":")) throw new SmbException(NtStatus.NOT_SUPPORTED, "stream rename");
        Share share = o.tree.share;
        Vfs vfs = share.vfs();
        List<String> comps = PathResolver.components(name);
        if (comps.isEmpty()) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
        Path src = o.path();
        if (src.equals(share.root())) throw new SmbException(NtStatus.ACCESS_DENIED, "cannot rename the share root");
        Path resolved = vfs.resolve(comps);
        Path dst = vfs.child(vfs.parent(resolved), comps.get(comps.size() - 1));
        if (dst.startsWith(src) && !dst.equals(src)) throw new SmbException(NtStatus.INVALID_PARAMETER, "into itself");
        ServerContext server = req.server();
        synchronized (server.opens()) {
            if (o.node.deletePending) throw new SmbException(NtStatus.DELETE_PENDING);
            boolean sameFile = resolved.equals(src);
            boolean targetExists = !sameFile && vfs.exists(resolved, false);
            if (targetExists) {
                if (!replace) throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
                if (vfs.isDirectory(resolved, false)) {
                    throw new SmbException(NtStatus.ACCESS_DENIED, "cannot replace a directory");
                }
                FileNode target = server.opens().existingNode(resolved);
                if (target != null && !target.opens.isEmpty()) throw new SmbException(NtStatus.ACCESS_DENIED, "target open");
                dst = resolved;
            }
            checkDestinationParent(server, o, vfs.parent(dst));
            if (o.directory) {
                for (Open x : server.opens().all()) {
                    if (x.node != o.node && !x.closed && x.path().startsWith(src)) {
                        throw new SmbException(NtStatus.ACCESS_DENIED, "directory has open children");
                    }
                }
            }
            req.server().leases().breakHandle(o.node, o); // MS-FSA 2.1.5.14.11: a rename breaks other leases' H
            // The new name is in the persistent handles' records before the file moves (durable before the reply):
            // a takeover after this reply reattaches them to the renamed file, never to a new file at the old name.
            List<Open> named = List.copyOf(o.node.opens);
            String oldName = o.smbPath;
            String newName = vfs.relative(dst);
            rename(named, newName);
            persistOrUndo(server, o.node, () -> rename(named, oldName), "rename");
            try {
                if (!dst.equals(src)) vfs.rename(src, dst, targetExists);
            } catch (IOException e) {
                rename(named, oldName);
                persistQuietly(server, o.node);
                if (e instanceof FileAlreadyExistsException) throw new SmbException(NtStatus.OBJECT_NAME_COLLISION);
                if (e instanceof NoSuchFileException) throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
                if (e instanceof DirectoryNotEmptyException || e instanceof AccessDeniedException) {
                    throw new SmbException(NtStatus.ACCESS_DENIED);
                }
                throw VfsErrors.status(e);
            }
            if (!server.opens().rekey(o.node, dst)) throw new SmbException(NtStatus.ACCESS_DENIED, "rekey");
            if (!dst.equals(src)) req.server().notifications().fireRename(o, src, dst);
        }
    }

    private static void rename(List<Open> opens, String name) {
        for (Open x : opens) x.smbPath = name;
    }

    /**
     * Makes a change of a file's persistent handles durable before the reply (its name, delete-pending,
     * delete-on-close: a takeover after the reply must see it). If that fails, {@code undo} puts the change back in
     * memory, the records that were already written are put back too, and the client is told.
     */
    private static void persistOrUndo(ServerContext server, FileNode node, Runnable undo, String what) throws SmbException {
        try {
            server.durable().persistFile(node);
        } catch (IOException e) {
            undo.run();
            persistQuietly(server, node);
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, what + " could not be made durable: " + e.getMessage());
        }
    }

    /** Puts the records back as the file is after a failed change (best effort: the change failed already). */
    private static void persistQuietly(ServerContext server, FileNode node) {
        try {
            server.durable().persistFile(node);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(SetInfo.class).error("could not restore the handle records of {}: {}", node.path,
                e.toString());
        }
    }

    /**
     * A rename adds an entry to the destination directory, as if it were opened for FILE_ADD_FILE
     * sharing read and write (MS-FSA 2.1.5.14.11): another open of that directory that holds DELETE,
     * or does not share write, is a sharing violation.
     */
    private static void checkDestinationParent(ServerContext server, Open renamer, Path parent) throws SmbException {
        FileNode dir = parent == null ? null : server.opens().existingNode(parent);
        if (dir == null) return;
        int dataBits = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA
            | AccessMask.FILE_EXECUTE | AccessMask.DELETE;
        for (Open x : dir.opens) {
            if (x == renamer || x.closed || (x.grantedAccess & dataBits) == 0) continue;
            if ((x.grantedAccess & AccessMask.DELETE) != 0 || (x.shareAccess & Create.SHARE_WRITE) == 0) {
                throw new SmbException(NtStatus.SHARING_VIOLATION, "destination directory open without share");
            }
        }
    }

    private static void dispositionEx(ServerContext server, Open o, byte[] in) throws SmbException {
        int flags = SetFileInfo.DispositionEx.decode(in).flags();
        QueryInfo.requireAccess(o, AccessMask.DELETE);
        boolean delete = (flags & DISPOSITION_DELETE) != 0;
        if ((flags & DISPOSITION_ON_CLOSE) != 0) {
            if (delete) checkDeletable(o, (flags & DISPOSITION_IGNORE_READONLY) != 0);
            boolean before = o.deleteOnClose;
            o.deleteOnClose = delete;
            persistOrUndo(server, o.node, () -> o.deleteOnClose = before, "delete-on-close");
            return;
        }
        setDeletePending(server, o, delete, (flags & DISPOSITION_IGNORE_READONLY) != 0);
    }

    /** FileDispositionInformation (MS-FSA 2.1.5.14.3). */
    private static void setDeletePending(ServerContext server, Open o, boolean delete, boolean ignoreReadOnly) throws SmbException {
        if (delete) checkDeletable(o, ignoreReadOnly);
        boolean before = o.node.deletePending;
        o.node.deletePending = delete;
        persistOrUndo(server, o.node, () -> o.node.deletePending = before, "delete-pending");
    }

    private static void checkDeletable(Open o, boolean ignoreReadOnly) throws SmbException {
        Path p = o.path();
        if (p.equals(o.tree.share.root())) throw new SmbException(NtStatus.CANNOT_DELETE);
        if (o.directory) {
            try {
                if (!o.tree.share.vfs().list(p, n -> true, 1).isEmpty()) throw new SmbException(NtStatus.DIRECTORY_NOT_EMPTY);
            } catch (IOException e) {
                throw VfsErrors.status(e);
            }
        } else if (!ignoreReadOnly) {
            FileMeta m = QueryInfo.meta(o);
            if ((m.attributes() & FileMeta.ATTR_READONLY) != 0) throw new SmbException(NtStatus.CANNOT_DELETE);
        }
    }

    /**
     * End of file: truncate or extend (sparse). Allocation: only a size below the end of file has an
     * effect (it truncates), as allocation is managed by the local file system.
     */
    private static void setLength(Open o, long size, boolean extend) throws SmbException {
        try {
            o.tree.share.vfs().setLength(o.path(), o.channel, size, extend);
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
    }

    /** Security descriptors: checked for access and form, then accepted without being stored. */
    private static void security(Open o, int secInfo, byte[] sd) throws SmbException {
        if ((secInfo & SecurityDescriptors.SACL_SECURITY_INFORMATION) != 0
            && !o.hasAccess(AccessMask.ACCESS_SYSTEM_SECURITY)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "SACL needs ACCESS_SYSTEM_SECURITY");
        }
        if ((secInfo & (SecurityDescriptors.OWNER_SECURITY_INFORMATION | SecurityDescriptors.GROUP_SECURITY_INFORMATION)) != 0) {
            QueryInfo.requireAccess(o, AccessMask.WRITE_OWNER);
        }
        if ((secInfo & SecurityDescriptors.DACL_SECURITY_INFORMATION) != 0) QueryInfo.requireAccess(o, AccessMask.WRITE_DAC);
        if (!SecurityDescriptors.isWellFormed(sd)) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad security descriptor");
    }
}
