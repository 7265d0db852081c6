package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * SMB2_SIGNING_CAPABILITIES (MS-SMB2 2.2.3.1.7, 2.2.4.1.7): SigningAlgorithmCount, SigningAlgorithms.
 * A request must offer at least one; the response carries the one chosen.
 */
public record SigningCapabilities(int[] algorithms) {
    public static SigningCapabilities decode(ByteBuf data) throws SmbException {
        if (data.readableBytes() < 2) throw new SmbException(NtStatus.INVALID_PARAMETER, "short signing context");
        int n = data.getUnsignedShortLE(data.readerIndex());
        if (n == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "no signing algorithms");
        return new SigningCapabilities(NegotiateContext.ids(data, 2, n));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(algorithms.length);
        for (int a : algorithms) out.writeShortLE(a);
    }

    public NegotiateContext context() {
        ByteBuf b = Unpooled.buffer();
        encode(b);
        return new NegotiateContext(NegotiateContext.SIGNING_CAPABILITIES, b);
    }
}
