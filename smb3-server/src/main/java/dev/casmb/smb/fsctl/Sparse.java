package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.FileMeta;
import dev.casmb.smb.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Sparse-file FSCTLs (MS-FSCC 2.3.64 SET_SPARSE, 2.3.67 SET_ZERO_DATA, 2.3.51
 * QUERY_ALLOCATED_RANGES). The sparse flag is the FILE_ATTRIBUTE_SPARSE_FILE DOS attribute; holes and allocated
 * ranges are the share's {@link Vfs} ({@link Vfs#punchHole}, {@link Vfs#allocatedRanges}).
 */
public final class Sparse implements FsctlHandler {
    public static final int ATTR_SPARSE_FILE = 0x200;
    static final int RANGE_SIZE = FileRange.SIZE;

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        Open o = r.open();
        if (o.pipe != null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        return switch (r.ctlCode()) {
            case Fsctls.SET_SPARSE -> setSparse(r, o);
            case Fsctls.SET_ZERO_DATA -> zeroData(r, o);
            default -> allocatedRanges(r, o);
        };
    }

    private FsctlResult setSparse(FsctlRequest r, Open o) throws SmbException {
        if (o.directory) throw new SmbException(NtStatus.INVALID_PARAMETER, "sparse directory");
        if (!o.hasAccess(AccessMask.FILE_WRITE_DATA | AccessMask.FILE_WRITE_ATTRIBUTES | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED);
        }
        if (o.tree.share.readOnly()) throw new SmbException(NtStatus.MEDIA_WRITE_PROTECTED);
        boolean sparse = r.input().length == 0 || r.input()[0] != 0;
        Vfs vfs = o.tree.share.vfs();
        try {
            int attrs = vfs.stat(o.path()).attributes() & ~(FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_NORMAL);
            attrs = sparse ? attrs | ATTR_SPARSE_FILE : attrs & ~ATTR_SPARSE_FILE;
            vfs.writeDosAttributes(o.path(), attrs & ~FileMeta.ATTR_READONLY);
        } catch (IOException e) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
        }
        return FsctlResult.ok();
    }

    private FsctlResult zeroData(FsctlRequest r, Open o) throws SmbException {
        FileRange zero = FileRange.decode(r.input()); // FILE_ZERO_DATA_INFORMATION
        long off = zero.offset();
        long beyond = zero.second();
        if (o.directory) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (!o.hasAccess(AccessMask.FILE_WRITE_DATA) || o.channel == null) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (off < 0 || beyond < 0 || off > beyond) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (o.tree.share.readOnly()) throw new SmbException(NtStatus.MEDIA_WRITE_PROTECTED);
        try {
            long end = Math.min(beyond, o.channel.size());
            if (off < end && o.node.locks.conflictsWithIo(o, off, end - off, true)) {
                throw new SmbException(NtStatus.FILE_LOCK_CONFLICT);
            }
            o.tree.share.vfs().punchHole(o.channel, off, end);
        } catch (IOException e) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
        }
        return FsctlResult.ok();
    }

    private FsctlResult allocatedRanges(FsctlRequest r, Open o) throws SmbException {
        FileRange query = FileRange.decode(r.input()); // FILE_ALLOCATED_RANGE_BUFFER
        long off = query.offset();
        long len = query.second();
        if (off < 0 || len < 0 || off + len < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (!o.hasAccess(AccessMask.FILE_READ_DATA) || o.channel == null) throw new SmbException(NtStatus.ACCESS_DENIED);
        Vfs vfs = o.tree.share.vfs();
        try {
            boolean sparse = (vfs.stat(o.path()).attributes() & ATTR_SPARSE_FILE) != 0;
            long end = Math.min(off + len, o.channel.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long[] run : vfs.allocatedRanges(o.path(), o.channel, off, end, sparse)) {
                out.writeBytes(new FileRange(run[0], run[1]).encode());
            }
            byte[] b = out.toByteArray();
            if (b.length > r.maxOutput()) {
                if (r.maxOutput() < RANGE_SIZE) throw new SmbException(NtStatus.BUFFER_TOO_SMALL);
                byte[] partial = new byte[r.maxOutput() / RANGE_SIZE * RANGE_SIZE];
                System.arraycopy(b, 0, partial, 0, partial.length);
                return new FsctlResult(NtStatus.BUFFER_OVERFLOW, partial);
            }
            return FsctlResult.ok(b);
        } catch (IOException e) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
        }
    }
}
