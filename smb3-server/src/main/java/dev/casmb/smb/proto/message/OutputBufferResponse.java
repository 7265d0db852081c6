package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * The response body that QUERY_DIRECTORY (MS-SMB2 2.2.34) and QUERY_INFO (2.2.38) share: StructureSize 9,
 * OutputBufferOffset (72, right after the header and the fixed part), OutputBufferLength, and the data. An empty
 * buffer still carries one byte (the structure's variable part).
 */
public record OutputBufferResponse(byte[] data) {
    public static final int STRUCTURE_SIZE = 9;

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(64 + 8);
        out.writeIntLE(data.length);
        out.writeBytes(data);
        if (data.length == 0) out.writeByte(0);
    }

    public static OutputBufferResponse decode(Smb2Body b) throws SmbException {
        b.require(8);
        return new OutputBufferResponse(b.bytes(b.u16(2), b.u32(4) & 0xFFFFFFFFL));
    }
}
