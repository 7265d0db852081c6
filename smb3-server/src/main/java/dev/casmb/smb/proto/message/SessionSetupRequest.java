package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 SESSION_SETUP Request (MS-SMB2 2.2.5): StructureSize 25, Flags (1 byte), SecurityMode (1 byte),
 * Capabilities, Channel, SecurityBufferOffset, SecurityBufferLength, PreviousSessionId, then the GSS token.
 */
public record SessionSetupRequest(int flags, int securityMode, int capabilities, int channel,
                                  long previousSessionId, byte[] securityBuffer) {
    public static final int STRUCTURE_SIZE = 25;
    /** SMB2_SESSION_FLAG_BINDING. */
    public static final int FLAG_BINDING = 0x01;
    /** The token follows the 24 fixed bytes. */
    static final int BUFFER_OFFSET = Smb2Header.SIZE + 24;

    public boolean binding() { return (flags & FLAG_BINDING) != 0; }

    public static SessionSetupRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new SessionSetupRequest(b.u8(2), b.u8(3), b.u32(4), b.u32(8), b.u64(16),
            b.bytes(b.u16(12), b.u16(14)));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(flags);
        out.writeByte(securityMode);
        out.writeIntLE(capabilities);
        out.writeIntLE(channel);
        out.writeShortLE(BUFFER_OFFSET);
        out.writeShortLE(securityBuffer.length);
        out.writeLongLE(previousSessionId);
        out.writeBytes(securityBuffer);
        if (securityBuffer.length == 0) out.writeByte(0);
    }
}
