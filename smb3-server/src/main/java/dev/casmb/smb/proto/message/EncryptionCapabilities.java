package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * SMB2_ENCRYPTION_CAPABILITIES (MS-SMB2 2.2.3.1.2, 2.2.4.1.2): CipherCount, Ciphers. A request must offer
 * at least one cipher; the response carries one (0 when none is common).
 */
public record EncryptionCapabilities(int[] ciphers) {
    public static EncryptionCapabilities decode(ByteBuf data) throws SmbException {
        if (data.readableBytes() < 2) throw new SmbException(NtStatus.INVALID_PARAMETER, "short encryption context");
        int n = data.getUnsignedShortLE(data.readerIndex());
        if (n == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "no ciphers");
        return new EncryptionCapabilities(NegotiateContext.ids(data, 2, n));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(ciphers.length);
        for (int c : ciphers) out.writeShortLE(c);
    }

    public NegotiateContext context() {
        ByteBuf b = Unpooled.buffer();
        encode(b);
        return new NegotiateContext(NegotiateContext.ENCRYPTION_CAPABILITIES, b);
    }
}
