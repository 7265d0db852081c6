package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 TREE_DISCONNECT Request (MS-SMB2 2.2.11): StructureSize 4, Reserved (2 bytes). */
public record TreeDisconnectRequest() {
    public static final int STRUCTURE_SIZE = 4;

    public static TreeDisconnectRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new TreeDisconnectRequest();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
