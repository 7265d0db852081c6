package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * VALIDATE_NEGOTIATE_INFO Response (MS-SMB2 2.2.32.6), the output of FSCTL_VALIDATE_NEGOTIATE_INFO:
 * Capabilities, Guid, SecurityMode, Dialect - what the server answered in NEGOTIATE. 24 bytes.
 */
public record ValidateNegotiateInfoResponse(int capabilities, byte[] guid, int securityMode, int dialect) {
    public static final int SIZE = 24;

    public static ValidateNegotiateInfoResponse decode(byte[] in) throws SmbException {
        ByteBuf b = Unpooled.wrappedBuffer(in);
        FsctlBuffers.require(b, SIZE);
        byte[] guid = new byte[16];
        b.getBytes(4, guid);
        return new ValidateNegotiateInfoResponse(b.getIntLE(0), guid, b.getUnsignedShortLE(20), b.getUnsignedShortLE(22));
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(capabilities);
        out.writeBytes(guid, 0, 16);
        out.writeShortLE(securityMode);
        out.writeShortLE(dialect);
    }

    public byte[] toBytes() { return FsctlBuffers.bytes(this::encode); }
}
