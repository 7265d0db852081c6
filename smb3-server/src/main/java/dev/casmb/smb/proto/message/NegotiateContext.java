package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMB2 NEGOTIATE_CONTEXT (MS-SMB2 2.2.3.1): ContextType, DataLength, Reserved (4 bytes), Data. A list
 * of them starts 8-byte aligned at NegotiateContextOffset, and each later one is 8-byte aligned too
 * (alignment counted from the header). {@code data} is a view of the message it was decoded from; the
 * typed payloads are {@link PreauthIntegrityCapabilities}, {@link EncryptionCapabilities} and
 * {@link SigningCapabilities}; other types (compression, netname, transport, RDMA) are kept as bytes.
 */
public record NegotiateContext(int type, ByteBuf data) {
    public static final int PREAUTH_INTEGRITY_CAPABILITIES = 0x0001;
    public static final int ENCRYPTION_CAPABILITIES = 0x0002;
    public static final int COMPRESSION_CAPABILITIES = 0x0003;
    public static final int NETNAME_NEGOTIATE_CONTEXT_ID = 0x0005;
    public static final int TRANSPORT_CAPABILITIES = 0x0006;
    public static final int RDMA_TRANSFORM_CAPABILITIES = 0x0007;
    public static final int SIGNING_CAPABILITIES = 0x0008;
    /** Bound on NegotiateContextCount: no client sends more than a handful. */
    public static final int MAX_COUNT = 64;
    static final int HEADER_SIZE = 8;

    /**
     * Decodes {@code count} contexts from the offset {@code offset} (from the header). A context header or
     * data outside the message, or more than {@link #MAX_COUNT} contexts, is STATUS_INVALID_PARAMETER.
     */
    public static List<NegotiateContext> decodeList(Smb2Body b, long offset, int count) throws SmbException {
        if (count > MAX_COUNT) throw new SmbException(NtStatus.INVALID_PARAMETER, "too many contexts");
        List<NegotiateContext> out = new ArrayList<>(count);
        long at = offset;
        for (int i = 0; i < count; i++) {
            at = (at + 7) & ~7L;
            ByteBuf h = b.slice(at, HEADER_SIZE);
            int type = h.getUnsignedShortLE(0);
            int len = h.getUnsignedShortLE(2);
            out.add(new NegotiateContext(type, b.slice(at + HEADER_SIZE, len)));
            at += HEADER_SIZE + len;
        }
        return out;
    }

    /**
     * Writes {@code contexts} 8-byte aligned (counted from the header, as if a 64-byte header preceded
     * {@code bodyStart}); returns the offset from the header of the first one.
     */
    static int encodeList(ByteBuf out, int bodyStart, List<NegotiateContext> contexts) {
        pad8(out, bodyStart);
        int first = Smb2Header.SIZE + out.writerIndex() - bodyStart;
        for (int i = 0; i < contexts.size(); i++) {
            if (i > 0) pad8(out, bodyStart);
            contexts.get(i).encode(out);
        }
        return first;
    }

    static void pad8(ByteBuf out, int bodyStart) {
        while ((Smb2Header.SIZE + out.writerIndex() - bodyStart) % 8 != 0) out.writeByte(0);
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(type);
        out.writeShortLE(data.readableBytes());
        out.writeIntLE(0);
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    /** A list of unsigned 16-bit ids at {@code at} of a context's data, {@code n} of them, bounds-checked. */
    static int[] ids(ByteBuf data, int at, int n) throws SmbException {
        if (at + 2L * n > data.readableBytes()) throw new SmbException(NtStatus.INVALID_PARAMETER, "context too short");
        int[] ids = new int[n];
        for (int k = 0; k < n; k++) ids[k] = data.getUnsignedShortLE(data.readerIndex() + at + 2 * k);
        return ids;
    }
}
