package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 LOCK Response (MS-SMB2 2.2.27): StructureSize 4, Reserved. */
public record LockResponse() {
    public static final int STRUCTURE_SIZE = 4;
    public static final LockResponse INSTANCE = new LockResponse();

    public static LockResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return INSTANCE;
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
