package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMB1 multi-protocol SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52.1) a client sends first to learn whether the
 * server speaks SMB2 (MS-SMB2 3.3.5.3): the 32-byte SMB1 header (0xFF 'SMB', Command 0x72), WordCount 0,
 * ByteCount, then dialect strings, each a 0x02 buffer-format byte and a NUL-terminated ASCII name. The
 * list ends at ByteCount, at the end of the frame, or at the first malformed entry.
 */
public record Smb1NegotiateRequest(List<String> dialects) {
    public static final int PROTOCOL_ID = 0x424D53FF;
    public static final int SMB_COM_NEGOTIATE = 0x72;
    /** "SMB 2.???": the client speaks SMB 2.1 or later; "SMB 2.002": SMB 2.0.2. */
    public static final String SMB2_WILDCARD = "SMB 2.???", SMB2_002 = "SMB 2.002";
    static final int HEADER_SIZE = 32;

    public boolean offers(String dialect) { return dialects.contains(dialect); }

    /** Decodes the frame's readable bytes; not an SMB1 NEGOTIATE is STATUS_INVALID_PARAMETER. */
    public static Smb1NegotiateRequest decode(ByteBuf frame) throws SmbException {
        int at = frame.readerIndex();
        int len = frame.readableBytes();
        if (len < HEADER_SIZE + 3 || frame.getUnsignedByte(at + 4) != SMB_COM_NEGOTIATE) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "not an SMB1 NEGOTIATE");
        }
        int byteCount = frame.getUnsignedShortLE(at + HEADER_SIZE + 1);
        int p = at + HEADER_SIZE + 3;
        int end = Math.min(at + len, p + byteCount);
        List<String> dialects = new ArrayList<>();
        while (p < end) {
            if (frame.getUnsignedByte(p) != 0x02) break;
            int z = frame.indexOf(p + 1, end, (byte) 0);
            if (z < 0) break;
            dialects.add(frame.toString(p + 1, z - p - 1, StandardCharsets.US_ASCII));
            p = z + 1;
        }
        return new Smb1NegotiateRequest(dialects);
    }

    /** The whole SMB1 message: a header with only Protocol and Command set, then the dialect list. */
    public void encode(ByteBuf out) {
        out.writeIntLE(PROTOCOL_ID);
        out.writeByte(SMB_COM_NEGOTIATE);
        out.writeZero(HEADER_SIZE - 5);
        out.writeByte(0);
        int countAt = out.writerIndex();
        out.writeShortLE(0);
        int start = out.writerIndex();
        for (String d : dialects) {
            out.writeByte(0x02);
            out.writeCharSequence(d, StandardCharsets.US_ASCII);
            out.writeByte(0);
        }
        out.setShortLE(countAt, out.writerIndex() - start);
    }
}
