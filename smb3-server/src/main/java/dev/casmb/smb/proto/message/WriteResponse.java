package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 WRITE Response (MS-SMB2 2.2.22): StructureSize 17, Reserved, Count, Remaining,
 * WriteChannelInfoOffset and WriteChannelInfoLength (both 0), sent as the 16 fixed bytes.
 */
public record WriteResponse(int count, int remaining) {
    public static final int STRUCTURE_SIZE = 17;
    public static final int SIZE = 16;

    public static WriteResponse decode(Smb2Body b) throws SmbException {
        b.require(SIZE);
        return new WriteResponse(b.u32(4), b.u32(8));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
        out.writeIntLE(count);
        out.writeIntLE(remaining);
        out.writeShortLE(0);
        out.writeShortLE(0);
    }
}
