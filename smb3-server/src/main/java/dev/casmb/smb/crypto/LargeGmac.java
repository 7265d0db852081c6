package dev.casmb.smb.crypto;

import dev.casmb.smb.buffer.LargeBuffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GMAC of large messages (READ/WRITE data) through JCE's GCM ciphertext path instead of its AAD path.
 * JCE (17) copies AAD into a growing heap array before hashing it; for an 8 MiB message that meant a dozen
 * large array allocations and copies per signature and most of the CPU time of signed transfers.
 *
 * <p>GMAC(M) is GCM with M as AAD and no plaintext; GCM with no AAD and M as ciphertext hashes the same
 * blocks, only the final length block differs ([len(M) || 0] against [0 || len(M)]). GHASH is linear and
 * that block is multiplied by H once, so the two tags differ by ([len || len]) · H, which is computed here
 * (one GF(2^128) product). To <em>check</em> a signature, M is decrypted as ciphertext against the corrected
 * tag (JCE checks it). To <em>sign</em>, M is first turned into the plaintext that encrypts to M (AES-CTR
 * from GCM's first counter block, M xor keystream), then encrypted; the corrected tag is the signature.
 * Scratch space comes from {@link LargeBuffers}.
 */
final class LargeGmac {
    private LargeGmac() { }

    /** The AES-GMAC tag of header + body ({@code len} bytes in all). */
    static byte[] sign(SecretKeySpec key, long[] h, byte[] nonce, byte[] header, ByteBuffer[] body, int len)
            throws GeneralSecurityException {
        ByteBuf plain = LargeBuffers.directBuffer(PooledByteBufAllocator.DEFAULT, len);
        ByteBuf sealed = LargeBuffers.directBuffer(PooledByteBufAllocator.DEFAULT, len + 16);
        try {
            byte[] iv = new byte[16];
            System.arraycopy(nonce, 0, iv, 0, 12);
            iv[15] = 2; // inc32(J0): GCM's first keystream block (no 32-bit wrap below 64 GiB)
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            // through small heap arrays: JCE's CTR on direct buffers allocates message-sized temporary arrays
            byte[][] chunk = CHUNKS.get();
            ctr(ctr, ByteBuffer.wrap(header), plain, chunk);
            for (ByteBuffer b : body) ctr(ctr, b.duplicate(), plain, chunk);
            if (plain.writerIndex() != len) throw new GeneralSecurityException("CTR produced " + plain.writerIndex() + " bytes");
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            ByteBuffer out = sealed.nioBuffer(0, len + 16);
            gcm.doFinal(plain.nioBuffer(0, len), out);
            if (out.position() != len + 16) throw new GeneralSecurityException("GCM produced " + out.position() + " bytes");
            byte[] tag = new byte[16];
            sealed.getBytes(len, tag);
            xorLengthCorrection(tag, h, len);
            return tag;
        } finally {
            plain.release();
            sealed.release();
        }
    }

    private static final int CHUNK = 64 * 1024;
    private static final ThreadLocal<byte[][]> CHUNKS = ThreadLocal.withInitial(() -> new byte[][] {new byte[CHUNK], new byte[CHUNK]});

    /** Runs {@code in} through the CTR cipher and appends the result to {@code out}. */
    private static void ctr(Cipher ctr, ByteBuffer in, ByteBuf out, byte[][] chunk) throws GeneralSecurityException {
        while (in.hasRemaining()) {
            int n = Math.min(CHUNK, in.remaining());
            in.get(chunk[0], 0, n);
            int m = ctr.update(chunk[0], 0, n, chunk[1], 0);
            out.writeBytes(chunk[1], 0, m);
        }
    }

    /** True if {@code expected} is the AES-GMAC tag of header + body ({@code len} bytes in all). */
    static boolean verify(SecretKeySpec key, long[] h, byte[] nonce, byte[] header, ByteBuffer[] body, int len,
                          byte[] expected) throws GeneralSecurityException {
        ByteBuf in = LargeBuffers.directBuffer(PooledByteBufAllocator.DEFAULT, len + 16);
        ByteBuf out = LargeBuffers.directBuffer(PooledByteBufAllocator.DEFAULT, len);
        try {
            in.writeBytes(header);
            for (ByteBuffer b : body) in.writeBytes(b.duplicate());
            if (in.readableBytes() != len) throw new GeneralSecurityException("message is " + in.readableBytes() + " bytes, not " + len);
            byte[] tag = expected.clone();
            xorLengthCorrection(tag, h, len);
            in.writeBytes(tag);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            try {
                gcm.doFinal(in.nioBuffer(0, len + 16), out.nioBuffer(0, len));
                return true;
            } catch (AEADBadTagException bad) {
                return false;
            }
        } finally {
            in.release();
            out.release();
        }
    }

    /** tag ^= ([bitlen || bitlen]) · H: turns one of the two tags into the other. */
    static void xorLengthCorrection(byte[] tag, long[] h, int len) {
        long bits = (long) len * 8;
        long[] c = multiply(bits, bits, h[0], h[1]);
        for (int i = 0; i < 8; i++) {
            tag[i] ^= (byte) (c[0] >>> (56 - 8 * i));
            tag[8 + i] ^= (byte) (c[1] >>> (56 - 8 * i));
        }
    }

    /** X · Y in GF(2^128) with GCM's bit order (NIST SP 800-38D, algorithm 1); blocks as big-endian longs. */
    static long[] multiply(long xh, long xl, long yh, long yl) {
        long zh = 0;
        long zl = 0;
        long vh = yh;
        long vl = yl;
        for (int i = 0; i < 128; i++) {
            long bit = i < 64 ? (xh >>> (63 - i)) & 1 : (xl >>> (127 - i)) & 1;
            if (bit != 0) {
                zh ^= vh;
                zl ^= vl;
            }
            boolean lsb = (vl & 1) != 0;
            vl = (vl >>> 1) | (vh << 63);
            vh >>>= 1;
            if (lsb) vh ^= 0xE100000000000000L;
        }
        return new long[] {zh, zl};
    }
}
