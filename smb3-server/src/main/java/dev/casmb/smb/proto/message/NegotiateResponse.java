package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SMB2 NEGOTIATE Response (MS-SMB2 2.2.4): StructureSize 65, SecurityMode, DialectRevision,
 * NegotiateContextCount, ServerGuid, Capabilities, MaxTransactSize, MaxReadSize, MaxWriteSize, SystemTime,
 * ServerStartTime, SecurityBufferOffset (always 0x80: the token follows the 64 fixed bytes),
 * SecurityBufferLength, NegotiateContextOffset, the security token and, 8-byte aligned, the negotiate
 * contexts (3.1.1 only; with none, count and offset are 0).
 */
public record NegotiateResponse(int securityMode, int dialectRevision, byte[] serverGuid, int capabilities,
                                int maxTransactSize, int maxReadSize, int maxWriteSize, long systemTime,
                                long serverStartTime, byte[] securityBuffer, List<NegotiateContext> contexts) {
    public static final int STRUCTURE_SIZE = 65;
    /** SMB2_NEGOTIATE_SIGNING_ENABLED, SMB2_NEGOTIATE_SIGNING_REQUIRED. */
    public static final int SIGNING_ENABLED = 0x1, SIGNING_REQUIRED = 0x2;
    /** SMB2_GLOBAL_CAP_* (2.2.4). */
    public static final int CAP_DFS = 0x1, CAP_LEASING = 0x2, CAP_LARGE_MTU = 0x4, CAP_MULTI_CHANNEL = 0x8,
        CAP_PERSISTENT_HANDLES = 0x10, CAP_DIRECTORY_LEASING = 0x20, CAP_ENCRYPTION = 0x40;
    static final int BUFFER_OFFSET = Smb2Header.SIZE + 64;

    public static NegotiateResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        int count = b.u16(6);
        List<NegotiateContext> contexts = count == 0 ? List.of()
            : NegotiateContext.decodeList(b, Integer.toUnsignedLong(b.u32(60)), count);
        return new NegotiateResponse(b.u16(2), b.u16(4), b.bytes(Smb2Header.SIZE + 8, 16), b.u32(24), b.u32(28),
            b.u32(32), b.u32(36), b.u64(40), b.u64(48), b.bytes(b.u16(56), b.u16(58)), contexts);
    }

    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(securityMode);
        out.writeShortLE(dialectRevision);
        out.writeShortLE(contexts.size());
        out.writeBytes(serverGuid, 0, 16);
        out.writeIntLE(capabilities);
        out.writeIntLE(maxTransactSize);
        out.writeIntLE(maxReadSize);
        out.writeIntLE(maxWriteSize);
        out.writeLongLE(systemTime);
        out.writeLongLE(serverStartTime);
        out.writeShortLE(BUFFER_OFFSET);
        out.writeShortLE(securityBuffer.length);
        int ctxOffsetField = out.writerIndex();
        out.writeIntLE(0);
        out.writeBytes(securityBuffer);
        if (!contexts.isEmpty()) out.setIntLE(ctxOffsetField, NegotiateContext.encodeList(out, start, contexts));
    }
}
