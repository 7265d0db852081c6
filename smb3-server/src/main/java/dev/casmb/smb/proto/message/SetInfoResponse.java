package dev.casmb.smb.proto.message;

import io.netty.buffer.ByteBuf;

/** SMB2 SET_INFO Response (MS-SMB2 2.2.40): StructureSize 2, nothing else. */
public record SetInfoResponse() {
    public static final int STRUCTURE_SIZE = 2;

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
    }
}
