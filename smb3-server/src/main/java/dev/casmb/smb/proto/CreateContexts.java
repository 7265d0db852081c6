package dev.casmb.smb.proto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Create-context chains (MS-SMB2 2.2.13.2): parse a request chain, encode a response chain. */
public final class CreateContexts {
    public static final int MAX_CONTEXTS = 32;

    private CreateContexts() {}

    /** Parses the chain at [offset, offset+length) of msg into name → data. */
    public static Map<String, byte[]> parse(ByteBuf msg, int offset, int length) throws SmbException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (length == 0) return out;
        if (offset < 0 || length < 0 || offset + length > msg.readableBytes() || (offset & 7) != 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "create contexts out of bounds");
        }
        int at = offset;
        int end = offset + length;
        for (int i = 0; ; i++) {
            if (i >= MAX_CONTEXTS) throw new SmbException(NtStatus.INVALID_PARAMETER, "too many create contexts");
            if (at + 16 > end) throw new SmbException(NtStatus.INVALID_PARAMETER, "short create context");
            int next = msg.getIntLE(at);
            int nameOff = msg.getUnsignedShortLE(at + 4);
            int nameLen = msg.getUnsignedShortLE(at + 6);
            int dataOff = msg.getUnsignedShortLE(at + 10);
            int dataLen = msg.getIntLE(at + 12);
            int limit = next == 0 ? end : at + next;
            if (next < 0 || (next != 0 && (next < 16 || at + next > end || (next & 7) != 0))) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad create context Next");
            }
            if (nameLen == 0 || at + nameOff + nameLen > limit || nameOff < 16) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad create context name");
            }
            if (dataLen < 0 || (dataLen > 0 && (dataOff < 16 || at + dataOff + dataLen > limit || at + dataOff + dataLen < 0))) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad create context data");
            }
            String name = msg.toString(at + nameOff, nameLen, StandardCharsets.ISO_8859_1);
            byte[] data = new byte[dataLen];
            if (dataLen > 0) msg.getBytes(at + dataOff, data);
            out.put(name, data);
            if (next == 0) break;
            at += next;
        }
        return out;
    }

    public record Ctx(String name, byte[] data) {}

    /** Encodes response contexts; returns an empty buffer for none. */
    public static ByteBuf encode(ByteBufAllocator alloc, List<Ctx> ctxs) {
        ByteBuf b = alloc.buffer();
        for (int i = 0; i < ctxs.size(); i++) {
            Ctx c = ctxs.get(i);
            int start = b.writerIndex();
            byte[] name = c.name.getBytes(StandardCharsets.ISO_8859_1);
            int dataOff = c.data.length == 0 ? 0 : align8(16 + name.length);
            b.writeIntLE(0);
            b.writeShortLE(16);
            b.writeShortLE(name.length);
            b.writeShortLE(0);
            b.writeShortLE(dataOff);
            b.writeIntLE(c.data.length);
            b.writeBytes(name);
            if (c.data.length > 0) {
                b.writeZero(dataOff - 16 - name.length);
                b.writeBytes(c.data);
            }
            if (i < ctxs.size() - 1) {
                b.writeZero(align8(b.writerIndex() - start) - (b.writerIndex() - start));
                b.setIntLE(start, b.writerIndex() - start);
            }
        }
        return b;
    }

    private static int align8(int v) { return (v + 7) & ~7; }
}
