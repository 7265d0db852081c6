package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The CompressionState of FSCTL_GET_COMPRESSION (output, MS-FSCC 2.3.20) and FSCTL_SET_COMPRESSION
 * (input, 2.3.67): one unsigned 16-bit COMPRESSION_FORMAT_*.
 */
public record CompressionState(int format) {
    public static final int SIZE = 2;
    public static final int FORMAT_NONE = 0, FORMAT_DEFAULT = 1, FORMAT_LZNT1 = 2;

    public static CompressionState decode(byte[] in) throws SmbException {
        ByteBuf b = Unpooled.wrappedBuffer(in);
        FsctlBuffers.require(b, SIZE);
        return new CompressionState(b.getUnsignedShortLE(0));
    }

    public void encode(ByteBuf out) { out.writeShortLE(format); }

    public byte[] toBytes() { return FsctlBuffers.bytes(this::encode); }
}
