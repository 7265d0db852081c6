package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * NETWORK_RESILIENCY_REQUEST (MS-SMB2 2.2.31.3), the input of FSCTL_LMR_REQUEST_RESILIENCY: Timeout
 * (milliseconds, unsigned 32-bit), Reserved. 8 bytes.
 */
public record NetworkResiliencyRequest(long timeoutMs) {
    public static final int SIZE = 8;

    public static NetworkResiliencyRequest decode(byte[] in) throws SmbException {
        ByteBuf b = Unpooled.wrappedBuffer(in);
        FsctlBuffers.require(b, SIZE);
        return new NetworkResiliencyRequest(b.getUnsignedIntLE(0));
    }

    public void encode(ByteBuf out) {
        out.writeIntLE((int) timeoutMs);
        out.writeIntLE(0);
    }
}
