package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SMB2 NEGOTIATE Request (MS-SMB2 2.2.3): StructureSize 36, DialectCount, SecurityMode, Reserved,
 * Capabilities, ClientGuid, then either NegotiateContextOffset, NegotiateContextCount and Reserved2 (when
 * the dialects include 3.1.1) or ClientStartTime, then the dialects and, for 3.1.1, the negotiate
 * contexts (2.2.3.1). A request offering 3.1.1 must carry contexts (3.3.5.4). DialectCount 0 and
 * dialects or contexts outside the message are STATUS_INVALID_PARAMETER.
 */
public record NegotiateRequest(int securityMode, int capabilities, byte[] clientGuid, long clientStartTime,
                               int[] dialects, List<NegotiateContext> contexts) {
    public static final int STRUCTURE_SIZE = 36;

    public boolean offers(int dialect) {
        for (int d : dialects) if (d == dialect) return true;
        return false;
    }

    public static NegotiateRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        int count = b.u16(2);
        if (count == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "no dialects");
        ByteBuf d = b.slice(Smb2Header.SIZE + STRUCTURE_SIZE, 2L * count);
        int[] dialects = new int[count];
        for (int i = 0; i < count; i++) dialects[i] = d.getUnsignedShortLE(2 * i);
        byte[] guid = b.bytes(Smb2Header.SIZE + 12, 16);
        boolean v311 = false;
        for (int x : dialects) v311 |= x == Dialect.SMB_3_1_1;
        List<NegotiateContext> contexts = List.of();
        long startTime = 0;
        if (v311) {
            int n = b.u16(32);
            if (n == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "3.1.1 without contexts");
            contexts = NegotiateContext.decodeList(b, Integer.toUnsignedLong(b.u32(28)), n);
        } else {
            startTime = b.u64(28);
        }
        return new NegotiateRequest(b.u16(4), b.u32(8), guid, startTime, dialects, contexts);
    }

    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(dialects.length);
        out.writeShortLE(securityMode);
        out.writeShortLE(0);
        out.writeIntLE(capabilities);
        out.writeBytes(clientGuid, 0, 16);
        int tail = out.writerIndex();
        out.writeLongLE(clientStartTime);
        for (int d : dialects) out.writeShortLE(d);
        if (!contexts.isEmpty()) {
            int at = NegotiateContext.encodeList(out, start, contexts);
            out.setIntLE(tail, at);
            out.setShortLE(tail + 4, contexts.size());
            out.setShortLE(tail + 6, 0);
        }
    }
}
