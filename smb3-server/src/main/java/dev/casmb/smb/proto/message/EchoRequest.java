package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 ECHO Request (MS-SMB2 2.2.28): StructureSize 4, Reserved (2 bytes). */
public record EchoRequest() {
    public static final int STRUCTURE_SIZE = 4;

    public static EchoRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new EchoRequest();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
