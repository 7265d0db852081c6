package dev.casmb.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ConfigLoader;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.transport.SmbServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the real server in-process (loopback 127.0.0.105, a free port): SMB 3.1.1 signed session,
 * tree connect, CREATE (persistent on the CA share), WRITE, READ, FLUSH, LOCK, CLOSE (through the shared
 * {@code CloseRequest}/{@code CloseResponse} records) and the header codec both ways.
 */
class SmbClientRoundTripTest {
    private static final String HOST = "127.0.0.105";
    @TempDir Path dir;
    private SmbServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        ServerConfig cfg = ConfigLoader.parse(Map.of(
            "listen", List.of(HOST), "port", 0, "stateDir", "state",
            "shares", List.of(Map.of("name", "ca", "path", "ca", "continuouslyAvailable", true),
                Map.of("name", "plain", "path", "plain"))), dir);
        UserDatabase users = UserDatabase.inMemory();
        users.addUser("u", "Pass-word1");
        server = new SmbServer(new ServerContext(cfg, users));
        port = server.bind(InetAddress.getByName(HOST));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private SmbClient client(String share) throws Exception {
        return SmbClient.connect(SmbClient.Config.of(List.of(new InetSocketAddress(HOST, port)), share, "u", "Pass-word1"));
    }

    @Test
    void writeReadLockCloseOnTheCaShare() throws Exception {
        byte[] data = "hello through Smb2Header".getBytes(StandardCharsets.UTF_8);
        try (SmbClient c = client("ca")) {
            assertEquals(SmbClient.D_311, c.dialect());
            assertTrue(c.shareIsContinuouslyAvailable());
            SmbFile f = c.open("a.txt", true, true);
            assertTrue(f.isPersistent());
            assertEquals(data.length, f.write(0, data, 0, data.length, true));
            f.flush();
            f.lock(0, 4, false);
            f.unlock(0, 4);
            assertArrayEquals(data, f.read(0, data.length));
            f.close();
            f.close(); // a second close does nothing
        }
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("ca").resolve("a.txt")));
    }

    @Test
    void errorStatusesComeBackAsSmbStatusException() throws Exception {
        try (SmbClient c = client("plain")) {
            assertTrue(!c.shareIsContinuouslyAvailable());
            assertThrows(SmbStatusException.class, () -> c.open("missing.txt", false, false));
            c.mkdir("d");
            SmbFile f = c.open("d\\b.txt", true, false);
            f.close();
        }
        assertTrue(Files.isRegularFile(dir.resolve("plain").resolve("d").resolve("b.txt")));
    }
}
