package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Samba's smbclient, as a user types it, against a real server: once per dialect/protection mode
 * (SMB 2.x, SMB 3.x, signed, encrypted).
 */
class SmbclientTest {
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        Cmd.assumeInstalled("smbclient", "smbclient");
        server = ServerProcess.start("smbclient");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @BeforeEach
    void serverAlive() {
        assertTrue(server.isAlive(), () -> "server died:\n" + server.logTail());
    }

    private static Smbclient client(String mode) {
        return new Smbclient(server, "public", Arrays.asList(mode.split(" ")));
    }

    /** A per-mode name prefix, so that the modes' files do not meet. */
    private static String tag(String mode) {
        return "m" + Integer.toHexString(mode.hashCode());
    }

    private static void assertClean(Cmd.Result r) {
        assertEquals(0, r.exit(), () -> "smbclient failed: " + r + "\n--- server log:\n" + server.logTail());
        assertFalse(r.output().contains("NT_STATUS_"), () -> "smbclient reported an error: " + r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-m SMB2", "-m SMB3", "--client-protection=sign", "--client-protection=encrypt"})
    void putThenGetReturnsTheSameBytes(String mode) throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 12345];
        new Random(mode.hashCode()).nextBytes(data);
        Path local = Files.createTempFile("smbclient-put", ".bin");
        Path back = Files.createTempFile("smbclient-get", ".bin");
        try {
            Files.write(local, data);
            String name = tag(mode) + "-data.bin";
            assertClean(client(mode).run("put " + local + " " + name + "; get " + name + " " + back));
            assertArrayEquals(data, Files.readAllBytes(server.shareDir("public").resolve(name)), "bytes on the server");
            assertArrayEquals(data, Files.readAllBytes(back), "bytes read back");
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(back);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-m SMB2", "-m SMB3", "--client-protection=sign", "--client-protection=encrypt"})
    void lsListsFilesAndDirectories(String mode) throws Exception {
        Path dir = server.shareDir("public").resolve(tag(mode) + "-ls");
        Files.createDirectories(dir.resolve("Sub Dir"));
        Files.writeString(dir.resolve("alpha.txt"), "alpha");
        Files.writeString(dir.resolve("Beta Document.txt"), "beta!");
        Cmd.Result r = client(mode).run("cd " + dir.getFileName() + "; ls");
        assertClean(r);
        for (String n : List.of("alpha.txt", "Beta Document.txt", "Sub Dir")) {
            assertTrue(r.output().contains(n), () -> "listing lacks " + n + ": " + r);
        }
        assertTrue(r.output().matches("(?s).*Sub Dir\\s+D\\s.*"), () -> "directory not marked D: " + r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-m SMB2", "-m SMB3", "--client-protection=sign", "--client-protection=encrypt"})
    void mkdirRenameAllinfoDelRmdir(String mode) throws Exception {
        String d = tag(mode) + "-dir";
        Path local = Files.createTempFile("smbclient-small", ".txt");
        try {
            Files.writeString(local, "twelve bytes");
            Cmd.Result r = client(mode).run("mkdir " + d + "; put " + local + " " + d + "\\a.txt; rename "
                + d + "\\a.txt " + d + "\\b.txt; ls " + d + "\\*; allinfo " + d + "\\b.txt");
            assertClean(r);
            assertTrue(r.output().contains("b.txt"), () -> "renamed file not listed: " + r);
            assertFalse(r.output().matches("(?s).*\\ba\\.txt\\s+A.*"), () -> "old name still listed: " + r);
            assertTrue(r.output().contains("create_time:"), () -> "allinfo shows no times: " + r);
            assertTrue(r.output().contains("stream: [::$DATA], 12 bytes"), () -> "allinfo shows no data stream: " + r);
            Path onDisk = server.shareDir("public").resolve(d);
            assertEquals("twelve bytes", Files.readString(onDisk.resolve("b.txt")));
            assertFalse(Files.exists(onDisk.resolve("a.txt")));

            assertClean(client(mode).run("del " + d + "\\b.txt; rmdir " + d));
            assertFalse(Files.exists(onDisk), "directory still on disk after rmdir");
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
