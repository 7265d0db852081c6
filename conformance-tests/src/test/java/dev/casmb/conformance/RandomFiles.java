package dev.casmb.conformance;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Large test files of reproducible random content. */
public final class RandomFiles {
    private static final int BLOCK = 1 << 20;

    private RandomFiles() {}

    /** Writes {@code size} random bytes (from {@code seed}) to {@code p}; returns their SHA-256 in hex. */
    public static String writeRandom(Path p, long size, long seed) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] block = new byte[BLOCK];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long done = 0; done < size; done += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int k = 0; k < 8; k++) block[i + k] = (byte) (v >>> (8 * k));
                }
                int n = (int) Math.min(block.length, size - done);
                out.write(block, 0, n);
                md.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
