package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A large file (system property {@code casmb.largeFileMiB}, default 1024 = 1 GiB) put and got back with
 * smbclient over signed SMB 3; the SHA-256 of the local original, the server's copy and the downloaded copy
 * must agree.
 */
class LargeFileTest {
    private static final long MIB = 1024 * 1024;
    private static final Duration EACH_WAY = Duration.ofMinutes(10);
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        Cmd.assumeInstalled("smbclient", "smbclient");
        server = ServerProcess.start("largefile");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void largeFilePutAndGetKeepSha256() throws Exception {
        long mib = Long.getLong("casmb.largeFileMiB", 1024);
        Path local = server.dir().resolve("large-original.bin");
        Path back = server.dir().resolve("large-downloaded.bin");
        Path remote = server.shareDir("public").resolve("large.bin");
        try {
            String sha = RandomFiles.writeRandom(local, mib * MIB, 42);
            Smbclient c = new Smbclient(server, "public", List.of("-m", "SMB3", "--client-protection=sign"));

            long t0 = System.nanoTime();
            Cmd.Result put = c.run(EACH_WAY, "put " + local + " large.bin");
            double putSecs = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, put.exit(), () -> "put failed: " + put + "\n" + server.logTail());
            assertEquals(sha, sha256(remote), "server copy differs");

            long t1 = System.nanoTime();
            Cmd.Result get = c.run(EACH_WAY, "get large.bin " + back);
            double getSecs = (System.nanoTime() - t1) / 1e9;
            assertEquals(0, get.exit(), () -> "get failed: " + get + "\n" + server.logTail());
            assertFalse(get.output().contains("NT_STATUS_"), get::toString);
            assertEquals(sha, sha256(back), "downloaded copy differs");
            System.out.printf("large file %d MiB: put %.1f s (%.0f MiB/s), get %.1f s (%.0f MiB/s)%n",
                mib, putSecs, mib / putSecs, getSecs, mib / getSecs);
            assertTrue(server.isAlive());
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(back);
            Files.deleteIfExists(remote);
        }
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] b = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(b)) > 0; ) md.update(b, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
