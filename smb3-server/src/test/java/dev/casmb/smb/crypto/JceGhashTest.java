package dev.casmb.smb.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AES-GMAC through JCE's GHASH (JceGhash) and through the GCM route (LargeGmac), both against JCE's GCM with
 * the message as AAD, over messages cut into pieces of awkward sizes (direct and heap, not block-aligned).
 */
class JceGhashTest {
    @Test
    void availableWithTheOptionOurLaunchersPass() {
        // the build's test JVMs get the same --add-opens as run-demo.sh and the server launchers
        assertTrue(JceGhash.available(), () -> "JceGhash unavailable: " + JceGhash.unavailableReason());
    }

    @Test
    void bothLargeMessageRoutesGiveTheGcmAadTag() throws Exception {
        Random r = new Random(11);
        for (int keyLen : new int[] {16, 32}) {
            byte[] k = new byte[keyLen];
            r.nextBytes(k);
            SecretKeySpec key = new SecretKeySpec(k, "AES");
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
            byte[] h = ecb.doFinal(new byte[16]);
            long[] hl = {ByteBuffer.wrap(h).getLong(0), ByteBuffer.wrap(h).getLong(8)};
            for (int bodyLen : new int[] {0, 1, 15, 16, 17, 65_536 - 64, 100_003, (1 << 20) + 5}) {
                byte[] header = new byte[64];
                r.nextBytes(header);
                byte[] body = new byte[bodyLen];
                r.nextBytes(body);
                byte[] nonce = new byte[12];
                r.nextBytes(nonce);
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.updateAAD(header);
                gcm.updateAAD(body);
                byte[] want = gcm.doFinal();
                ByteBuffer[] pieces = cut(body, r);
                int len = 64 + bodyLen;
                assertArrayEquals(want, JceGhash.gmac(key, h, nonce, header, pieces, len), "GHASH route, " + len + " bytes");
                assertArrayEquals(want, LargeGmac.sign(key, hl, nonce, header, cut(body, r), len), "GCM route, " + len + " bytes");
                assertTrue(LargeGmac.verify(key, hl, nonce, header, cut(body, r), len, want));
                byte[] wrong = want.clone();
                wrong[0] ^= 1;
                assertFalse(LargeGmac.verify(key, hl, nonce, header, cut(body, r), len, wrong));
            }
        }
    }

    /** The body in random pieces, alternately direct and heap (slices with a non-zero array offset). */
    private static ByteBuffer[] cut(byte[] body, Random r) {
        List<ByteBuffer> out = new ArrayList<>();
        int p = 0;
        boolean direct = r.nextBoolean();
        while (p < body.length) {
            int n = Math.min(body.length - p, 1 + r.nextInt(r.nextBoolean() ? 40 : 70_000));
            if (direct) {
                ByteBuffer d = ByteBuffer.allocateDirect(n);
                d.put(body, p, n).flip();
                out.add(d);
            } else {
                out.add(ByteBuffer.wrap(body, p, n).slice());
            }
            direct = !direct;
            p += n;
        }
        return out.toArray(new ByteBuffer[0]);
    }
}
