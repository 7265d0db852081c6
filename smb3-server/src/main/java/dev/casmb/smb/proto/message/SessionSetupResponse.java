package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 SESSION_SETUP Response (MS-SMB2 2.2.6): StructureSize 9, SessionFlags, SecurityBufferOffset,
 * SecurityBufferLength, then the GSS token. An empty token has offset 0 and no padding byte (as this
 * server has always sent it).
 */
public record SessionSetupResponse(int sessionFlags, byte[] securityBuffer) {
    public static final int STRUCTURE_SIZE = 9;
    /** SMB2_SESSION_FLAG_IS_GUEST, _IS_NULL, _ENCRYPT_DATA. */
    public static final int SESSION_FLAG_IS_GUEST = 0x1, SESSION_FLAG_IS_NULL = 0x2, SESSION_FLAG_ENCRYPT_DATA = 0x4;
    static final int BUFFER_OFFSET = Smb2Header.SIZE + 8;

    public static SessionSetupResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new SessionSetupResponse(b.u16(2), b.bytes(b.u16(4), b.u16(6)));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(sessionFlags);
        out.writeShortLE(securityBuffer.length == 0 ? 0 : BUFFER_OFFSET);
        out.writeShortLE(securityBuffer.length);
        out.writeBytes(securityBuffer);
    }
}
