package dev.casmb.smb.crypto;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SP800-108 counter-mode KDF with HMAC-SHA256, as MS-SMB2 3.1.4.2 uses it. */
public final class Kdf {
    private Kdf() {}

    /** Label and context as raw bytes (MS-SMB2 strings include their terminating NUL). */
    public static byte[] derive(byte[] key, byte[] label, byte[] context, int bits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            int len = bits / 8;
            byte[] out = new byte[len];
            int pos = 0;
            for (int i = 1; pos < len; i++) {
                mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
                mac.update(label);
                mac.update((byte) 0);
                mac.update(context);
                mac.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, len - pos);
                System.arraycopy(block, 0, out, pos, n);
                pos += n;
            }
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] z(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
