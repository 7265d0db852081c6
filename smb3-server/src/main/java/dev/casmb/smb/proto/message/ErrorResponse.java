package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 ERROR Response (MS-SMB2 2.2.2): StructureSize 9, ErrorContextCount (1 byte), Reserved (1 byte),
 * ByteCount, ErrorData. Empty error data is sent as one zero byte (ByteCount 0). The 3.1.1 error contexts
 * (2.2.2.1) and the symbolic-link / buffer-too-small data (2.2.2.2) are carried as raw ErrorData.
 */
public record ErrorResponse(int errorContextCount, byte[] errorData) {
    public static final int STRUCTURE_SIZE = 9;
    public static final ErrorResponse EMPTY = new ErrorResponse(0, new byte[0]);

    public static ErrorResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new ErrorResponse(b.u8(2), b.bytes(Smb2Header.SIZE + 8, Integer.toUnsignedLong(b.u32(4))));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(errorContextCount);
        out.writeByte(0);
        out.writeIntLE(errorData.length);
        out.writeBytes(errorData);
        if (errorData.length == 0) out.writeByte(0);
    }
}
