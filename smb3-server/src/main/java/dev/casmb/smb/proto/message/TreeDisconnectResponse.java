package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 TREE_DISCONNECT Response (MS-SMB2 2.2.12): StructureSize 4, Reserved (2 bytes). */
public record TreeDisconnectResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static TreeDisconnectResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new TreeDisconnectResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
