package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.AccessMask;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.DosAttributes;
import dev.casmb.smb.vfs.FileMeta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sparse-file FSCTLs (MS-FSCC 2.3.64 SET_SPARSE, 2.3.67 SET_ZERO_DATA, 2.3.51
 * QUERY_ALLOCATED_RANGES). The sparse flag is the FILE_ATTRIBUTE_SPARSE_FILE DOS attribute. Java has
 * no SEEK_DATA/SEEK_HOLE, so allocated ranges of a sparse file are the runs of 4 KiB blocks that are
 * not all zero (zeroed data reads back the same as a hole); a non-sparse file is fully allocated.
 */
public final class Sparse implements FsctlHandler {
    public static final int ATTR_SPARSE_FILE = 0x200;
    static final int BLOCK = 4096;
    /** Beyond this many bytes scanned, the rest of a range is reported allocated. */
    static final long MAX_SCAN = 64L * 1024 * 1024;
    static final int RANGE_SIZE = 16;

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
        try {
            int attrs = FileMeta.read(o.path()).attributes() & ~(FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_NORMAL);
            attrs = sparse ? attrs | ATTR_SPARSE_FILE : attrs & ~ATTR_SPARSE_FILE;
            DosAttributes.write(o.path(), attrs & ~FileMeta.ATTR_READONLY);
        } catch (IOException e) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
        }
        return FsctlResult.ok();
    }

    private FsctlResult zeroData(FsctlRequest r, Open o) throws SmbException {
        byte[] in = r.input();
        if (in.length < 16) throw new SmbException(NtStatus.INVALID_PARAMETER);
        long off = Le.u64(in, 0);
        long beyond = Le.u64(in, 8);
        if (o.directory) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (!o.hasAccess(AccessMask.FILE_WRITE_DATA) || o.channel == null) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (off < 0 || beyond < 0 || off > beyond) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (o.tree.share.readOnly()) throw new SmbException(NtStatus.MEDIA_WRITE_PROTECTED);
        try {
            long end = Math.min(beyond, o.channel.size());
            if (off < end && o.node.locks.conflictsWithIo(o, off, end - off, true)) {
                throw new SmbException(NtStatus.FILE_LOCK_CONFLICT);
            }
            zero(o.channel, off, end);
        } catch (IOException e) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
        }
        return FsctlResult.ok();
    }

    /** Writes zeros over [off, end) without extending the file. */
    static void zero(FileChannel ch, long off, long end) throws IOException {
        ByteBuffer z = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(0, end - off)));
        long pos = off;
        while (pos < end) {
            z.clear();
            z.limit((int) Math.min(z.capacity(), end - pos));
            while (z.hasRemaining()) pos += ch.write(z, pos);
        }
    }

    private FsctlResult allocatedRanges(FsctlRequest r, Open o) throws SmbException {
        byte[] in = r.input();
        if (in.length < 16) throw new SmbException(NtStatus.INVALID_PARAMETER);
        long off = Le.u64(in, 0);
        long len = Le.u64(in, 8);
        if (off < 0 || len < 0 || off + len < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (!o.hasAccess(AccessMask.FILE_READ_DATA) || o.channel == null) throw new SmbException(NtStatus.ACCESS_DENIED);
        try {
            boolean sparse = (FileMeta.read(o.path()).attributes() & ATTR_SPARSE_FILE) != 0;
            long end = Math.min(off + len, o.channel.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (off < end) {
                if (sparse) scan(o.channel, off, end, out);
                else range(out, off, end - off);
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

    private static void scan(FileChannel ch, long off, long end, ByteArrayOutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        long runStart = -1;
        long pos = off - off % BLOCK;
        long scanned = 0;
        while (pos < end) {
            if (scanned >= MAX_SCAN) {
                if (runStart < 0) runStart = Math.max(pos, off);
                pos = end;
                break;
            }
            buf.clear();
            int n = 0;
            while (buf.hasRemaining()) {
                int k = ch.read(buf, pos + buf.position());
                if (k < 0) break;
                n += k;
            }
            boolean data = false;
            for (int i = 0; i < n && !data; i++) data = buf.get(i) != 0;
            if (data && runStart < 0) runStart = Math.max(pos, off);
            if (!data && runStart >= 0) {
                range(out, runStart, pos - runStart);
                runStart = -1;
            }
            pos += BLOCK;
            scanned += BLOCK;
        }
        if (runStart >= 0) range(out, runStart, Math.min(pos, end) - runStart);
    }

    private static void range(ByteArrayOutputStream out, long off, long len) {
        byte[] b = new byte[RANGE_SIZE];
        Le.put64(b, 0, off);
        Le.put64(b, 8, len);
        out.writeBytes(b);
    }
}
