package dev.casmb.smb.crypto;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes and checks SMB2 message signatures (MS-SMB2 3.1.4.1 and 3.1.5.1) without copying the message:
 * the 64-byte header is copied (with the signature field zeroed) and the body is fed from the buffer's
 * own memory. All three algorithms run on JCE, so AES-NI/CLMUL intrinsics apply: HMAC-SHA256, AES-GMAC
 * (GCM with the message as AAD) and AES-CMAC (RFC 4493, built on AES-CBC). Thread-safe.
 */
public final class MessageSigner {
    private static final int HEADER = 64;
    private static final int SIG_AT = 48;
    private static final int CHUNK = 64 * 1024;

    private final SigningAlgorithm algorithm;
    private final SecretKeySpec key;
    private final byte[] k1 = new byte[16];
    private final byte[] k2 = new byte[16];
    private final ThreadLocal<Cipher> cbc;
    private final ThreadLocal<Mac> hmac;
    private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK + 16));

    public MessageSigner(SigningAlgorithm algorithm, byte[] keyBytes) {
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(keyBytes.clone(), algorithm == SigningAlgorithm.HMAC_SHA256 ? "HmacSHA256" : "AES");
        this.cbc = ThreadLocal.withInitial(() -> instance("AES/CBC/NoPadding"));
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        if (algorithm == SigningAlgorithm.AES_CMAC) cmacSubkeys();
    }

    private static Cipher instance(String t) {
        try {
            return Cipher.getInstance(t);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public SigningAlgorithm algorithm() { return algorithm; }

    /** RFC 4493 2.3: L = AES_K(0); K1 = dbl(L); K2 = dbl(K1). */
    private void cmacSubkeys() {
        dbl(hashKey(), k1); // L = AES_K(0^128), the same block as GMAC's H
        dbl(k1, k2);
    }

    private static void dbl(byte[] in, byte[] out) {
        int carry = 0;
        for (int i = 15; i >= 0; i--) {
            int b = in[i] & 0xFF;
            out[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if ((in[0] & 0x80) != 0) out[15] ^= (byte) 0x87;
    }

    /**
     * Signature over {@code len} bytes at {@code off} of {@code msg}, with the signature field taken as
     * zero. {@code fromServer} and {@code cancel} only matter for AES-GMAC's nonce.
     */
    public byte[] sign(ByteBuf msg, int off, int len, boolean fromServer, boolean cancel) {
        byte[] header = unsignedHeader(msg, off);
        ByteBuffer[] body = len > HEADER ? msg.nioBuffers(off + HEADER, len - HEADER) : new ByteBuffer[0];
        if (algorithm == SigningAlgorithm.AES_GMAC && len >= LARGE_GMAC) {
            try {
                byte[] nonce = nonce(header, fromServer, cancel);
                if (JceGhash.available()) return JceGhash.gmac(key, hashKey(), nonce, header, body, len);
                return LargeGmac.sign(key, h(), nonce, header, body, len);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return compute(header, body, fromServer, cancel);
    }

    /** The message's 64-byte header with the signature field zeroed, as it is signed. */
    private static byte[] unsignedHeader(ByteBuf msg, int off) {
        byte[] header = new byte[HEADER];
        msg.getBytes(off, header);
        Arrays.fill(header, SIG_AT, HEADER, (byte) 0);
        return header;
    }

    /**
     * Messages at least this long are AES-GMAC signed and checked by {@link JceGhash} (GHASH only) or, when
     * the JVM does not open JCE's GHASH to us, by {@link LargeGmac} (no message-sized heap arrays); shorter
     * ones as GCM AAD.
     */
    static final int LARGE_GMAC = 64 * 1024;

    private volatile byte[] hashKey;

    /**
     * AES_K(0^128), computed once: GHASH's key H for AES-GMAC and RFC 4493's L for AES-CMAC (JceGhash copies
     * it; nothing changes it).
     */
    private byte[] hashKey() {
        byte[] v = hashKey;
        if (v == null) {
            try {
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, key);
                v = ecb.doFinal(new byte[16]);
                hashKey = v;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return v;
    }

    /** H as two big-endian longs, as LargeGmac takes it. */
    private long[] h() {
        ByteBuffer b = ByteBuffer.wrap(hashKey());
        return new long[] {b.getLong(0), b.getLong(8)};
    }

    /** MS-SMB2 3.1.4.1: nonce = MessageId (8) | 4 bytes: bit0 = sender is server, bit1 = CANCEL. */
    private static byte[] nonce(byte[] header, boolean fromServer, boolean cancel) {
        byte[] nonce = new byte[12];
        if (header.length >= 32) System.arraycopy(header, 24, nonce, 0, 8);
        nonce[8] = (byte) ((fromServer ? 1 : 0) | (cancel ? 2 : 0));
        return nonce;
    }

    /** MAC of the bytes exactly as given (no field is zeroed). */
    public byte[] sign(byte[] data, boolean fromServer, boolean cancel) {
        byte[] header = Arrays.copyOf(data, Math.min(HEADER, data.length));
        ByteBuffer[] body = data.length > HEADER ? new ByteBuffer[] {ByteBuffer.wrap(data, HEADER, data.length - HEADER)}
            : new ByteBuffer[0];
        return compute(header, body, fromServer, cancel);
    }

    private byte[] compute(byte[] header, ByteBuffer[] body, boolean fromServer, boolean cancel) {
        try {
            switch (algorithm) {
                case HMAC_SHA256: {
                    Mac mac = hmac.get();
                    mac.update(header);
                    for (ByteBuffer b : body) mac.update(b.duplicate());
                    return Arrays.copyOf(mac.doFinal(), 16);
                }
                case AES_GMAC: {
                    // MS-SMB2 3.1.4.1: nonce = MessageId (8) | 4 bytes: bit0 = sender is server, bit1 = CANCEL.
                    // JCE's AES-GCM with the whole message as AAD: once the JIT has compiled it (a few MB
                    // of traffic) it runs on the AES/GHASH intrinsics, 3-4 GB/s here against Bouncy Castle's
                    // pure-Java GMac at 0.3 GB/s. A new Cipher per message: JCE refuses to re-init one Cipher
                    // with the key and nonce it last used, and an interim and a final async response share
                    // their MessageId. JCE (17) collects the AAD in a ByteArrayOutputStream before it hashes
                    // it, growing it by doubling from the first piece's size: fed piecewise, an 8 MiB message
                    // cost a dozen large array copies (in profiles most of the signed transfers' CPU time).
                    // So the whole message goes in as one array: one copy here, one into JCE's buffer.
                    // (Large messages take LargeGmac instead.)
                    Cipher g = Cipher.getInstance("AES/GCM/NoPadding");
                    g.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(header, fromServer, cancel)));
                    g.updateAAD(whole(header, body));
                    return g.doFinal();
                }
                case AES_CMAC:
                    return cmac(header, body);
                default:
                    throw new IllegalStateException();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header and body in one array. */
    private static byte[] whole(byte[] header, ByteBuffer[] body) {
        long total = header.length;
        for (ByteBuffer b : body) total += b.remaining();
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("message too long to sign: " + total);
        byte[] all = Arrays.copyOf(header, (int) total);
        int at = header.length;
        for (ByteBuffer b : body) {
            int n = b.remaining();
            b.duplicate().get(all, at, n);
            at += n;
        }
        return all;
    }

    /** RFC 4493 CMAC as AES-CBC over all but the last block, then the masked last block. */
    private byte[] cmac(byte[] header, ByteBuffer[] body) throws GeneralSecurityException {
        long total = header.length;
        for (ByteBuffer b : body) total += b.remaining();
        int lastLen = total == 0 ? 0 : (int) (total % 16 == 0 ? 16 : total % 16);
        long bulk = total - lastLen;
        Cipher c = cbc.get();
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
        ByteBuffer out = scratch.get();
        byte[] last = new byte[16];
        int lastFill = 0;
        long pos = 0;
        // header first, then body buffers; bytes at [bulk, total) are collected into `last`
        ByteBuffer[] parts = new ByteBuffer[body.length + 1];
        parts[0] = ByteBuffer.wrap(header);
        for (int i = 0; i < body.length; i++) parts[i + 1] = body[i].duplicate();
        for (ByteBuffer p : parts) {
            while (p.hasRemaining()) {
                if (pos < bulk) {
                    int n = (int) Math.min(Math.min(p.remaining(), bulk - pos), CHUNK);
                    ByteBuffer in = p.slice();
                    in.limit(n);
                    out.clear();
                    c.update(in, out);
                    p.position(p.position() + n);
                    pos += n;
                } else {
                    int n = p.remaining();
                    p.get(last, lastFill, n);
                    lastFill += n;
                    pos += n;
                }
            }
        }
        byte[] block = new byte[16];
        if (lastLen == 16) {
            for (int i = 0; i < 16; i++) block[i] = (byte) (last[i] ^ k1[i]);
        } else {
            System.arraycopy(last, 0, block, 0, lastLen);
            block[lastLen] = (byte) 0x80;
            for (int i = 0; i < 16; i++) block[i] ^= k2[i];
        }
        byte[] result = c.doFinal(block);
        return Arrays.copyOfRange(result, result.length - 16, result.length);
    }

    public boolean verify(ByteBuf msg, int off, int len, boolean cancel) {
        byte[] expected = new byte[16];
        msg.getBytes(off + SIG_AT, expected);
        if (algorithm == SigningAlgorithm.AES_GMAC && len >= LARGE_GMAC && !JceGhash.available()) {
            // the GCM route checks a tag with one decryption, where signing would take a CTR pass and an encryption
            byte[] header = unsignedHeader(msg, off);
            try {
                return LargeGmac.verify(key, h(), nonce(header, false, cancel), header,
                    msg.nioBuffers(off + HEADER, len - HEADER), len, expected);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] actual = sign(msg, off, len, false, cancel);
        return MessageDigest.isEqual(expected, actual);
    }
}
