package dev.casmb.smb.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The large-message AES-GMAC path (LargeGmac) against JCE's AAD path, which short messages take. */
class LargeGmacTest {
    @Test
    void largeMessagesSignAndVerifyAsTheAadPath() {
        Random r = new Random(7);
        byte[] key = new byte[16];
        r.nextBytes(key);
        MessageSigner s = new MessageSigner(SigningAlgorithm.AES_GMAC, key);
        int[] sizes = {MessageSigner.LARGE_GMAC, MessageSigner.LARGE_GMAC + 1, 100_003, 1 << 20, (8 << 20) + 80};
        for (int size : sizes) {
            byte[] m = new byte[size];
            r.nextBytes(m);
            java.util.Arrays.fill(m, 48, 64, (byte) 0); // signature field
            for (boolean fromServer : new boolean[] {true, false}) {
                byte[] reference = s.sign(m, fromServer, false); // AAD path: the bytes as given
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(m);
                // a composite (header + body in pieces), as responses with READ data are
                ByteBuf composite = Unpooled.compositeBuffer().addComponents(true,
                    Unpooled.wrappedBuffer(m, 0, 64), Unpooled.wrappedBuffer(m, 64, 1000),
                    Unpooled.wrappedBuffer(m, 1064, size - 1064));
                try {
                    assertArrayEquals(reference, s.sign(direct, 0, size, fromServer, false), "size " + size);
                    assertArrayEquals(reference, s.sign(composite, 0, size, fromServer, false), "composite " + size);
                    if (!fromServer) {
                        direct.setBytes(48, reference);
                        assertTrue(s.verify(direct, 0, size, false), "verify " + size);
                        direct.setByte(size - 1, direct.getByte(size - 1) ^ 1);
                        assertFalse(s.verify(direct, 0, size, false), "tampered " + size);
                        direct.setByte(size - 1, direct.getByte(size - 1) ^ 1);
                        direct.setByte(50, direct.getByte(50) ^ 1);
                        assertFalse(s.verify(direct, 0, size, false), "bad signature " + size);
                    }
                } finally {
                    direct.release();
                    composite.release();
                }
            }
        }
    }

    @Test
    void multiplyIsGcmMultiplication() {
        // H · 1 = H, where 1 in GCM's reflected bit order is the block 0x80 00 .. 00
        long[] p = LargeGmac.multiply(0x8000000000000000L, 0, 0x66e94bd4ef8a2c3bL, 0x884cfa59ca342b2eL);
        assertArrayEquals(new long[] {0x66e94bd4ef8a2c3bL, 0x884cfa59ca342b2eL}, p);
    }
}
