package dev.casmb.smb.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SMB 3.1.1 pre-authentication integrity hash chain (MS-SMB2 3.3.5.4, 3.3.5.5): H = SHA-512(H || msg). */
public final class PreauthHash {
    private PreauthHash() {}

    public static byte[] initial() { return new byte[64]; }

    public static byte[] update(byte[] previous, byte[] message) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            md.update(previous);
            md.update(message);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
