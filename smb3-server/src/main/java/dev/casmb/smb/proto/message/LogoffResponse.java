package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 LOGOFF Response (MS-SMB2 2.2.8): StructureSize 4, Reserved (2 bytes). */
public record LogoffResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static LogoffResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new LogoffResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
