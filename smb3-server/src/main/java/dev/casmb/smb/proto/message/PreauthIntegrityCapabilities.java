package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * SMB2_PREAUTH_INTEGRITY_CAPABILITIES (MS-SMB2 2.2.3.1.1, 2.2.4.1.1): HashAlgorithmCount, SaltLength,
 * HashAlgorithms, Salt. A SaltLength reaching past the context is cut at its end (the salt is not used).
 */
public record PreauthIntegrityCapabilities(int[] hashAlgorithms, byte[] salt) {
    /** SHA-512, the only hash algorithm defined. */
    public static final int SHA_512 = 0x0001;

    public boolean offers(int algorithm) {
        for (int a : hashAlgorithms) if (a == algorithm) return true;
        return false;
    }

    public static PreauthIntegrityCapabilities decode(ByteBuf data) throws SmbException {
        if (data.readableBytes() < 4) throw new SmbException(NtStatus.INVALID_PARAMETER, "short preauth context");
        int n = data.getUnsignedShortLE(data.readerIndex());
        int saltLength = data.getUnsignedShortLE(data.readerIndex() + 2);
        int[] algs = NegotiateContext.ids(data, 4, n);
        int saltAt = 4 + 2 * n;
        byte[] salt = new byte[Math.min(saltLength, data.readableBytes() - saltAt)];
        data.getBytes(data.readerIndex() + saltAt, salt);
        return new PreauthIntegrityCapabilities(algs, salt);
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(hashAlgorithms.length);
        out.writeShortLE(salt.length);
        for (int a : hashAlgorithms) out.writeShortLE(a);
        out.writeBytes(salt);
    }

    public NegotiateContext context() {
        ByteBuf b = Unpooled.buffer();
        encode(b);
        return new NegotiateContext(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, b);
    }
}
