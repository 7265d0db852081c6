package dev.casmb.smb.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the signing and encryption paths before clients need them. JCE's AES-GCM/GMAC and CBC use CPU
 * intrinsics (AES-NI, carry-less multiply) only from JIT-compiled callers, and a message is one call into
 * GHASH however long it is: a client moving 8 MiB signed reads makes a few calls a second, too few for
 * the JIT, so GHASH stayed interpreted (≈0.1 GB/s against ≈1 GB/s compiled: signed smbclient get
 * 94 MiB/s). So once per JVM a low-priority daemon thread signs and seals a few thousand small messages
 * with throw-away keys (≈1 s of CPU at start). Off with {@code -Dcasmb.cryptoWarmup=false}.
 */
public final class CryptoWarmup {
    private static final Logger log = LoggerFactory.getLogger(CryptoWarmup.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    static final int ROUNDS = 20_000;

    private CryptoWarmup() {}

    /** Starts the warm-up once per JVM (later calls do nothing). */
    public static void startOnce() {
        if (!Boolean.parseBoolean(System.getProperty("casmb.cryptoWarmup", "true")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                run(ROUNDS);
                log.debug("crypto warm-up: {} rounds in {} ms", ROUNDS, (System.nanoTime() - t0) / 1_000_000);
            } catch (GeneralSecurityException | RuntimeException e) {
                log.warn("crypto warm-up stopped: {}", e.toString());
            }
        }, "crypto-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Signs and seals {@code rounds} 4 KiB messages through every algorithm; returns how many round-tripped. */
    static int run(int rounds) throws GeneralSecurityException {
        SecureRandom r = new SecureRandom();
        byte[] k16 = new byte[16];
        byte[] k32 = new byte[32];
        r.nextBytes(k16);
        r.nextBytes(k32);
        MessageSigner gmac = new MessageSigner(SigningAlgorithm.AES_GMAC, k16);
        MessageSigner cmac = new MessageSigner(SigningAlgorithm.AES_CMAC, k16);
        TransformCodec gcm128 = new TransformCodec(CipherAlgorithm.AES_128_GCM, k16, k16);
        TransformCodec gcm256 = new TransformCodec(CipherAlgorithm.AES_256_GCM, k32, k32);
        byte[] msg = new byte[4096];
        r.nextBytes(msg);
        int ok = 0;
        // large messages take JceGhash (or LargeGmac without --add-opens): a few of those too
        ByteBuf large = ByteBufAllocator.DEFAULT.directBuffer(MessageSigner.LARGE_GMAC).writeZero(MessageSigner.LARGE_GMAC);
        try {
            for (int i = 0; i < rounds / 100; i++) {
                large.setByte(24, i);
                byte[] sig = gmac.sign(large, 0, large.readableBytes(), false, false);
                large.setBytes(48, sig);
                if (!gmac.verify(large, 0, large.readableBytes(), false)) throw new GeneralSecurityException("large GMAC");
            }
        } finally {
            large.release();
        }
        for (int i = 0; i < rounds; i++) {
            msg[24] = (byte) i; // the message id feeds the GMAC nonce
            msg[25] = (byte) (i >>> 8);
            gmac.sign(msg, (i & 1) == 0, false);
            if ((i & 3) == 0) cmac.sign(msg, true, false);
            if ((i & 1) == 0) {
                TransformCodec c = (i & 2) == 0 ? gcm128 : gcm256;
                // direct buffers, as the server's messages are
                ByteBuf plain = ByteBufAllocator.DEFAULT.directBuffer(msg.length).writeBytes(msg);
                ByteBuf sealed = null;
                ByteBuf opened = null;
                try {
                    sealed = c.encrypt(ByteBufAllocator.DEFAULT, plain, 1);
                    opened = c.decrypt(ByteBufAllocator.DEFAULT, sealed);
                    if (opened.readableBytes() == msg.length) ok++;
                } finally {
                    plain.release();
                    if (sealed != null) sealed.release();
                    if (opened != null) opened.release();
                }
            }
        }
        return ok;
    }
}
