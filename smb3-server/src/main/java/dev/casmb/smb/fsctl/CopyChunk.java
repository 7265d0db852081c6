package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * Server-side copy (MS-SMB2 3.3.5.15.5 and 3.3.5.15.6): FSCTL_SRV_REQUEST_RESUME_KEY names a source
 * open with an opaque 24-byte key; FSCTL_SRV_COPYCHUNK(_WRITE) copies ranges from it into the target
 * open. Limits as Windows: 256 chunks, 1 MiB per chunk, 16 MiB per request.
 */
public final class CopyChunk implements FsctlHandler {
    public static final int MAX_CHUNKS = 256;
    public static final int MAX_CHUNK_SIZE = 1024 * 1024;
    public static final int MAX_TOTAL = 16 * 1024 * 1024;
    public static final int RESUME_KEY_SIZE = 24;
    static final int RESPONSE_SIZE = 12;
    static final int STATUS_INVALID_VIEW_SIZE = 0xC000001F;

    /** Binds keys to this server instance, so that keys cannot be guessed from open ids. */
    private static final byte[] SECRET = new byte[8];
    static {
        new SecureRandom().nextBytes(SECRET);
    }

    public record Chunk(long sourceOffset, long targetOffset, int length) {}

    public record Request(byte[] key, Chunk[] chunks) {}

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        if (r.ctlCode() == Fsctls.SRV_REQUEST_RESUME_KEY) {
            if (r.open().pipe != null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
            if (r.maxOutput() < 32) throw new SmbException(NtStatus.INVALID_PARAMETER);
            return FsctlResult.ok(resumeKeyResponse(r.open()));
        }
        return copy(r);
    }

    /** SRV_REQUEST_RESUME_KEY response (2.2.32.3): ResumeKey, ContextLength 0, 4 bytes of Context. */
    static byte[] resumeKeyResponse(Open o) {
        byte[] out = new byte[32];
        System.arraycopy(resumeKey(o), 0, out, 0, RESUME_KEY_SIZE);
        return out;
    }

    static byte[] resumeKey(Open o) {
        byte[] k = new byte[RESUME_KEY_SIZE];
        Le.put64(k, 0, o.persistentId);
        Le.put64(k, 8, o.volatileId);
        System.arraycopy(SECRET, 0, k, 16, 8);
        return k;
    }

    /** Parses SRV_COPYCHUNK_COPY (2.2.31.1); null if malformed. */
    public static Request parse(byte[] in) {
        if (in.length < 32) return null;
        long count = Le.u32(in, 24) & 0xFFFFFFFFL;
        if (count > (in.length - 32) / 24) return null;
        byte[] key = new byte[RESUME_KEY_SIZE];
        System.arraycopy(in, 0, key, 0, RESUME_KEY_SIZE);
        Chunk[] chunks = new Chunk[(int) count];
        for (int i = 0; i < count; i++) {
            int at = 32 + 24 * i;
            chunks[i] = new Chunk(Le.u64(in, at), Le.u64(in, at + 8), Le.u32(in, at + 16));
        }
        return new Request(key, chunks);
    }

    /** SRV_COPYCHUNK_RESPONSE (2.2.32.1). */
    public static byte[] response(int chunksWritten, int chunkBytesWritten, int totalBytesWritten) {
        byte[] b = new byte[RESPONSE_SIZE];
        Le.put32(b, 0, chunksWritten);
        Le.put32(b, 4, chunkBytesWritten);
        Le.put32(b, 8, totalBytesWritten);
        return b;
    }

    /** The response sent with STATUS_INVALID_PARAMETER when a limit is exceeded (3.3.5.15.6). */
    public static byte[] limitsResponse() {
        return response(MAX_CHUNKS, MAX_CHUNK_SIZE, MAX_TOTAL);
    }

    /** True if the request is within the server's limits (and has no empty chunk). */
    public static boolean withinLimits(Chunk[] chunks) {
        if (chunks.length > MAX_CHUNKS) return false;
        long total = 0;
        for (Chunk c : chunks) {
            long len = c.length & 0xFFFFFFFFL;
            if (len == 0 || len > MAX_CHUNK_SIZE) return false;
            total += len;
        }
        return total <= MAX_TOTAL;
    }

    private FsctlResult copy(FsctlRequest r) throws SmbException {
        Open target = r.open();
        if (r.maxOutput() < RESPONSE_SIZE) throw new SmbException(NtStatus.INVALID_PARAMETER, "MaxOutputResponse too small");
        Request req = parse(r.input());
        if (req == null) throw new SmbException(NtStatus.INVALID_PARAMETER, "malformed SRV_COPYCHUNK_COPY");
        if (!withinLimits(req.chunks())) return new FsctlResult(NtStatus.INVALID_PARAMETER, limitsResponse());
        Open source = lookup(r, req.key());
        if (source == null) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "unknown resume key");
        if (target.pipe != null || target.directory || target.channel == null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        if (source.directory || source.channel == null) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (!source.hasAccess(AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) throw new SmbException(NtStatus.ACCESS_DENIED, "source not readable");
        if (!target.hasAccess(AccessMask.FILE_WRITE_DATA)) throw new SmbException(NtStatus.ACCESS_DENIED, "target not writable");
        if (r.ctlCode() == Fsctls.SRV_COPYCHUNK && !target.hasAccess(AccessMask.FILE_READ_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "FSCTL_SRV_COPYCHUNK needs read access to the target");
        }
        if (target.tree.share.readOnly()) throw new SmbException(NtStatus.ACCESS_DENIED);
        int chunksWritten = 0;
        int total = 0;
        try {
            long srcSize = source.channel.size();
            for (Chunk c : req.chunks()) {
                long len = c.length & 0xFFFFFFFFL;
                if (c.sourceOffset < 0 || c.targetOffset < 0 || c.sourceOffset + len > srcSize) {
                    return status(STATUS_INVALID_VIEW_SIZE, chunksWritten, total);
                }
                if (source.node.locks.conflictsWithIo(source, c.sourceOffset, len, false)
                    || target.node.locks.conflictsWithIo(target, c.targetOffset, len, true)) {
                    return status(NtStatus.FILE_LOCK_CONFLICT, chunksWritten, total);
                }
                target.tree.share.vfs().copy(source.channel, c.sourceOffset, target.channel, c.targetOffset, (int) len);
                chunksWritten++;
                total += (int) len;
            }
        } catch (IOException e) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
        }
        return FsctlResult.ok(response(chunksWritten, 0, total));
    }

    /** A failed copy still carries SRV_COPYCHUNK_RESPONSE with the progress made (as Windows and Samba). */
    private static FsctlResult status(int status, int chunks, int total) {
        return new FsctlResult(status, response(chunks, 0, total));
    }

    private static Open lookup(FsctlRequest r, byte[] key) {
        for (int i = 0; i < 8; i++) if (key[16 + i] != SECRET[i]) return null;
        Open o = r.smb().server().opens().byPersistentId(Le.u64(key, 0));
        if (o == null || o.closed || o.volatileId != Le.u64(key, 8)) return null;
        return o;
    }
}
