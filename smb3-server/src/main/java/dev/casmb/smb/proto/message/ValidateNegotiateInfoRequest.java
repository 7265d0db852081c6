package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * VALIDATE_NEGOTIATE_INFO Request (MS-SMB2 2.2.31.4), the input of FSCTL_VALIDATE_NEGOTIATE_INFO:
 * Capabilities, Guid, SecurityMode, DialectCount, Dialects - what the client sent in NEGOTIATE.
 */
public record ValidateNegotiateInfoRequest(int capabilities, byte[] guid, int securityMode, int[] dialects) {
    static final int FIXED_SIZE = 24;

    public static ValidateNegotiateInfoRequest decode(byte[] in) throws SmbException {
        return decode(Unpooled.wrappedBuffer(in));
    }

    public static ValidateNegotiateInfoRequest decode(ByteBuf in) throws SmbException {
        FsctlBuffers.require(in, FIXED_SIZE);
        int at = in.readerIndex();
        int n = in.getUnsignedShortLE(at + 22);
        FsctlBuffers.require(in, FIXED_SIZE + 2 * n);
        byte[] guid = new byte[16];
        in.getBytes(at + 4, guid);
        int[] dialects = new int[n];
        for (int i = 0; i < n; i++) dialects[i] = in.getUnsignedShortLE(at + FIXED_SIZE + 2 * i);
        return new ValidateNegotiateInfoRequest(in.getIntLE(at), guid, in.getUnsignedShortLE(at + 20), dialects);
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(capabilities);
        out.writeBytes(guid, 0, 16);
        out.writeShortLE(securityMode);
        out.writeShortLE(dialects.length);
        for (int d : dialects) out.writeShortLE(d);
    }
}
