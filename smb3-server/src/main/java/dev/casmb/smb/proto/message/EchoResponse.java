package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 ECHO Response (MS-SMB2 2.2.29): StructureSize 4, Reserved (2 bytes). */
public record EchoResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static EchoResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new EchoResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
