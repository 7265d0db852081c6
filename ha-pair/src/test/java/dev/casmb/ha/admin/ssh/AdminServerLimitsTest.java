package dev.casmb.ha.admin.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.admin.FakeAdminBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin SSH server's limits, driven with MINA's SshClient from several loopback source addresses. */
class AdminServerLimitsTest {
    static final String HOST = "127.0.0.53";
    static final Duration T = Duration.ofSeconds(10);

    @TempDir Path dir;
    AdminServer server;
    SshClient client;
    final List<ClientSession> open = new ArrayList<>();

    void start(AdminServer.Builder b) throws IOException {
        AdminAccounts accounts = new AdminAccounts(10_000).setPassword("admin", "Admin-Pass1".toCharArray());
        server = b.bind(HOST, 0).backend(new FakeAdminBackend()).accounts(accounts).passwordAuthentication(true)
                .hostKeyFile(dir.resolve("ssh_host_key")).build();
        server.start();
    }

    @BeforeEach
    void client() {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (ClientSession s : open) s.close(true);
        client.stop();
        if (server != null) server.stop();
    }

    ClientSession connect(String from) throws IOException {
        ClientSession s = client.connect("admin", new InetSocketAddress(HOST, server.port()), new InetSocketAddress(from, 0))
                .verify(T).getSession();
        open.add(s);
        return s;
    }

    ClientSession login(String from, String password) throws IOException {
        ClientSession s = connect(from);
        s.addPasswordIdentity(password);
        s.auth().verify(T);
        return s;
    }

    long count(AdminServer.Limit l) {
        return server.limitCounters().get(l);
    }

    @Test
    void sessionsPerAddressAndPerNodeAreBounded() throws Exception {
        start(AdminServer.builder().maxSessions(4).maxSessionsPerAddress(2));
        login("127.0.0.60", "Admin-Pass1");
        connect("127.0.0.60"); // an unauthenticated connection holds a slot too
        assertThrows(Exception.class, () -> login("127.0.0.60", "Admin-Pass1"), "third connection from one address");
        assertEquals(1, count(AdminServer.Limit.SESSIONS_PER_ADDRESS));
        login("127.0.0.61", "Admin-Pass1");
        login("127.0.0.62", "Admin-Pass1");
        assertEquals(4, server.activeSessions());
        assertThrows(Exception.class, () -> login("127.0.0.63", "Admin-Pass1"), "fifth connection to the node");
        assertEquals(1, count(AdminServer.Limit.SESSIONS_PER_NODE));
        // closing one frees its address's slot and the node's
        open.get(0).close(false).await(T);
        long deadline = System.nanoTime() + T.toNanos();
        while (server.activeSessions() > 3 && System.nanoTime() < deadline) Thread.sleep(20);
        login("127.0.0.60", "Admin-Pass1");
    }

    @Test
    void failedPasswordIsAnsweredLateWithoutHoldingUpOthers() throws Exception {
        start(AdminServer.builder().authFailureDelay(Duration.ofMillis(1500)));
        ClientSession bad = connect("127.0.0.64");
        bad.addPasswordIdentity("wrong-password");
        long t0 = System.nanoTime();
        CompletableFuture<Boolean> refused = CompletableFuture.supplyAsync(() -> {
            try {
                bad.auth().verify(T);
                return false;
            } catch (IOException e) {
                return true;
            }
        });
        Thread.sleep(200);
        long t1 = System.nanoTime();
        login("127.0.0.65", "Admin-Pass1");
        long goodMs = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(refused.get(T.toSeconds(), TimeUnit.SECONDS), "wrong password refused");
        long badMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(badMs >= 1400, "failure answered after the delay, took " + badMs + " ms");
        assertTrue(goodMs < 1300, "a good login meanwhile is not delayed, took " + goodMs + " ms");
        assertTrue(count(AdminServer.Limit.AUTH_FAILURES) >= 1);
    }

    @Test
    void idleAndUnauthenticatedSessionsAreClosed() throws Exception {
        start(AdminServer.builder().idleTimeout(Duration.ofMillis(1500)).authTimeout(Duration.ofMillis(1500)));
        ClientSession idle = login("127.0.0.66", "Admin-Pass1");
        ClientSession silent = connect("127.0.0.67");
        var idleEvents = idle.waitFor(List.of(ClientSessionEvent.CLOSED), Duration.ofSeconds(8));
        var silentEvents = silent.waitFor(List.of(ClientSessionEvent.CLOSED), Duration.ofSeconds(8));
        // the CLOSED event (the server closed the connection); isClosed() may lag while the close completes
        assertTrue(idleEvents.contains(ClientSessionEvent.CLOSED) && silentEvents.contains(ClientSessionEvent.CLOSED),
            "both closed by the server: idle " + idleEvents + ", unauthenticated " + silentEvents);
        long deadline = System.nanoTime() + T.toNanos();
        while (server.activeSessions() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(1, count(AdminServer.Limit.IDLE_TIMEOUT), server.limitCounters().toString());
        assertEquals(1, count(AdminServer.Limit.AUTH_TIMEOUT), server.limitCounters().toString());
    }
}
