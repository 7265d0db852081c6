package dev.casmb.ha.admin.ssh;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the form {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 * Plaintext passwords are never stored.
 */
public final class PasswordHasher {
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {}

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, iterations, 32);
        Base64.Encoder e = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + e.encodeToString(salt) + "$" + e.encodeToString(h);
    }

    /** Whether {@code password} matches {@code encoded}; false for a malformed hash. */
    public static boolean verify(char[] password, String encoded) {
        if (encoded == null) return false;
        String[] p = encoded.split("\\$");
        if (p.length != 4 || !p[0].equals(PREFIX)) return false;
        try {
            int iterations = Integer.parseInt(p[1]);
            if (iterations < 1 || iterations > 10_000_000) return false;
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] expected = Base64.getDecoder().decode(p[3]);
            if (expected.length < 16 || expected.length > 64) return false;
            return MessageDigest.isEqual(expected, derive(password, salt, iterations, expected.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
