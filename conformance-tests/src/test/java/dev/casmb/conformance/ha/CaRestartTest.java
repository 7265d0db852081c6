package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md "HA pair acceptance criteria", Single-node CA: persistent handles are durable in the local handle
 * log before the CREATE reply, survive {@code kill -9} of the server, block conflicting opens with
 * STATUS_FILE_NOT_AVAILABLE until reclaimed (DH2C) or expired, and are released after their timeout.
 */
class CaRestartTest {
    private static final String HOST = "127.0.0.75";
    private static final int PORT = 4475;
    private Path dir;
    private Process server;

    @BeforeEach
    void setUp() throws Exception {
        CaClient.assumeImpacket();
        dir = Paths.get("target", "ca-restart").toAbsolutePath();
        PairCluster.deleteTree(dir);
        Files.createDirectories(dir.resolve("vmstore"));
        Files.writeString(dir.resolve("server.yaml"), String.join("\n",
            "netbiosName: SVM1", "listen: [" + HOST + "]", "port: " + PORT,
            "users: [{name: demo, password: Demo-Pass1}]",
            "shares: [{name: vmstore, path: vmstore, continuouslyAvailable: true}]", ""));
        start();
    }

    private void start() throws Exception {
        server = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), "dev.casmb.smb.launcher.SmbMain", "serve", "-c", "server.yaml"))
            .directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        assertTrue(PairCluster.awaitPort(HOST, PORT, 60_000), "server listens");
    }

    private void kill9() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    @Test
    void reclaimAfterKillAndRestart() throws Exception {
        String data = "cafebabe" + "00".repeat(60);
        String opened;
        try (CaClient.Holder h = CaClient.open(HOST, PORT, "vmstore", "db.mdf", data, true)) {
            opened = h.json;
            kill9();
        }
        start();
        String conflict = CaClient.run(HOST, PORT, "vmstore", "conflict", "db.mdf");
        assertEquals("0xC0000467", CaClient.field(conflict, "status"), conflict);
        String reclaim = CaClient.run(HOST, PORT, "vmstore", "lockcheck", "db.mdf", CaClient.field(opened, "fid"),
            CaClient.field(opened, "cguid"));
        assertEquals("0x00000000", CaClient.field(reclaim, "status"), reclaim);
        assertEquals(data, CaClient.field(reclaim, "data"));
        assertEquals("0xC0000055", CaClient.field(reclaim, "other_lock"), "the lock survived the restart: " + reclaim);
    }

    @Test
    void unreclaimedHandleIsReleasedAfterItsTimeout() throws Exception {
        String opened;
        try (CaClient.Holder h = CaClient.open(HOST, PORT, "vmstore", "old.vhdx", "01020304", false, 2000)) {
            opened = h.json;
            kill9();
        }
        start();
        String blocked = CaClient.run(HOST, PORT, "vmstore", "conflict", "old.vhdx");
        assertEquals("0xC0000467", CaClient.field(blocked, "status"), "blocked during the 2 s timeout: " + blocked);
        Thread.sleep(2500);
        String free = CaClient.run(HOST, PORT, "vmstore", "conflict", "old.vhdx");
        assertEquals("0x00000000", CaClient.field(free, "status"), "released after the timeout: " + free);
        String late = CaClient.run(HOST, PORT, "vmstore", "reclaim", "old.vhdx", CaClient.field(opened, "fid"),
            CaClient.field(opened, "cguid"));
        assertEquals("0xC0000034", CaClient.field(late, "status"), "reclaim after expiry fails: " + late);
    }
}
