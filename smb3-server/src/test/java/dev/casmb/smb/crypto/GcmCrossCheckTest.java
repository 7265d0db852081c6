package dev.casmb.smb.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * AES-GMAC signing and AES-GCM transform encryption (on JCE) against Bouncy Castle's independent
 * implementation, for sizes around the chunking boundaries (empty body, one block, 16 KiB and 64 KiB
 * pieces, 1 MiB + 1).
 */
class GcmCrossCheckTest {
    private static final int[] SIZES = {64, 65, 80, 16 * 1024 + 64, 64 * 1024 + 64, 64 * 1024 + 65, (1 << 20) + 1};

    @Test
    void gmacSignatureEqualsBouncyCastleGmac() {
        Random r = new Random(7);
        byte[] key = new byte[16];
        r.nextBytes(key);
        MessageSigner signer = new MessageSigner(SigningAlgorithm.AES_GMAC, key);
        for (int size : SIZES) {
            byte[] msg = new byte[size];
            r.nextBytes(msg);
            for (boolean fromServer : new boolean[] {false, true}) {
                for (boolean cancel : new boolean[] {false, true}) {
                    // sign(byte[]) takes the message as given (the frame path zeroes the signature field first)
                    byte[] zeroed = msg;
                    byte[] nonce = new byte[12];
                    System.arraycopy(msg, 24, nonce, 0, 8);
                    nonce[8] = (byte) ((fromServer ? 1 : 0) | (cancel ? 2 : 0));
                    GMac g = new GMac(GCMBlockCipher.newInstance(AESEngine.newInstance()));
                    g.init(new ParametersWithIV(new KeyParameter(key), nonce));
                    g.update(zeroed, 0, zeroed.length);
                    byte[] expected = new byte[16];
                    g.doFinal(expected, 0);
                    assertArrayEquals(expected, signer.sign(msg, fromServer, cancel), "size " + size);
                }
            }
        }
    }

    @Test
    void gcmTransformInteroperatesWithBouncyCastle() throws Exception {
        Random r = new Random(11);
        for (CipherAlgorithm c : new CipherAlgorithm[] {CipherAlgorithm.AES_128_GCM, CipherAlgorithm.AES_256_GCM}) {
            byte[] toClient = new byte[c.keyLength];
            byte[] toServer = new byte[c.keyLength];
            r.nextBytes(toClient);
            r.nextBytes(toServer);
            TransformCodec server = new TransformCodec(c, toClient, toServer);
            for (int size : SIZES) {
                byte[] plain = new byte[size];
                r.nextBytes(plain);
                // ours encrypts, Bouncy Castle decrypts
                ByteBuf enc = server.encrypt(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(plain), 0x77);
                byte[] frame = new byte[enc.readableBytes()];
                enc.getBytes(0, frame);
                assertArrayEquals(plain, bc(false, toClient, frame, null), c + " size " + size);
                // Bouncy Castle encrypts, ours decrypts
                byte[] header = frame.clone();
                byte[] theirs = bc(true, toServer, Arrays.copyOf(header, TransformCodec.HEADER_SIZE), plain);
                assertArrayEquals(plain, server.decrypt(Unpooled.wrappedBuffer(theirs)), c + " size " + size);
            }
        }
    }

    /** A transform frame through Bouncy Castle's GCM: decrypts {@code frame}, or seals {@code plain} under {@code frame}'s header. */
    private static byte[] bc(boolean encrypt, byte[] key, byte[] frame, byte[] plain) throws Exception {
        byte[] nonce = Arrays.copyOfRange(frame, 20, 32);
        byte[] aad = Arrays.copyOfRange(frame, 20, TransformCodec.HEADER_SIZE);
        GCMModeCipher g = GCMBlockCipher.newInstance(AESEngine.newInstance());
        g.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        if (!encrypt) {
            int len = frame.length - TransformCodec.HEADER_SIZE;
            byte[] ct = new byte[len + 16];
            System.arraycopy(frame, TransformCodec.HEADER_SIZE, ct, 0, len);
            System.arraycopy(frame, 4, ct, len, 16);
            byte[] out = new byte[len];
            int n = g.processBytes(ct, 0, ct.length, out, 0);
            g.doFinal(out, n);
            return out;
        }
        byte[] out = new byte[plain.length + 16];
        int n = g.processBytes(plain, 0, plain.length, out, 0);
        g.doFinal(out, n);
        byte[] result = Arrays.copyOf(frame, TransformCodec.HEADER_SIZE + plain.length);
        System.arraycopy(out, 0, result, TransformCodec.HEADER_SIZE, plain.length);
        System.arraycopy(out, plain.length, result, 4, 16);
        return result;
    }
}
