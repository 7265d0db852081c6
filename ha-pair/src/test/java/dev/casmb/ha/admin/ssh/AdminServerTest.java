package dev.casmb.ha.admin.ssh;

import dev.casmb.ha.admin.ssh.SshExec.Result;

import dev.casmb.ha.admin.AuditSink;
import dev.casmb.ha.admin.FakeAdminBackend;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminServerTest {
    static final String HOST = "127.0.0.51";
    static final int PORT = 5522;
    static final Duration T = Duration.ofSeconds(10);

    static final String FAILOVER_TABLE = ""
            + "               Takeover\n"
            + "Node   Partner Possible State Description\n"
            + "------ ------- -------- -------------------\n"
            + "node-a node-b  true     Connected to node-b\n"
            + "node-b node-a  true     Connected to node-a\n"
            + "\n"
            + "2 entries were displayed.\n";

    Path dir;
    final List<AuditSink.AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
    FakeAdminBackend backend;
    AdminServer server;
    SshClient client;
    KeyPair clientKey;
    Path openSshKey;      // null when ssh-keygen is absent

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        backend = new FakeAdminBackend();
        clientKey = ecKey();
        StringBuilder authorized = new StringBuilder(PublicKeyEntry.toString(clientKey.getPublic())).append(" test@mina\n");
        if (Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            openSshKey = dir.resolve("id_ecdsa");
            Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", openSshKey.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen");
            authorized.append(Files.readString(dir.resolve("id_ecdsa.pub")));
        }
        Path keys = dir.resolve("authorized_keys");
        Files.writeString(keys, authorized);
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));

        AdminAccounts accounts = new AdminAccounts(10_000)
                .setPassword("admin", "Admin-Pass1".toCharArray())
                .setAuthorizedKeys("admin", keys);
        server = AdminServer.builder()
                .bind(HOST, PORT).backend(backend)
                .auditSink(e -> { audit.add(e); backend.record(e); })
                .accounts(accounts).passwordAuthentication(true)
                .hostKeyFile(dir.resolve("keys/ssh_host_key"))
                .clusterName("casmb").nodeName("node-a").maxSessions(4)
                .build();
        server.start();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @AfterAll
    void stop() throws IOException {
        if (client != null) client.stop();
        if (server != null) server.stop();
    }

    static KeyPair ecKey() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    ClientSession passwordSession(String user, String password) throws IOException {
        return SshExec.passwordSession(client, user, HOST, PORT, password, T);
    }

    static Result exec(ClientSession s, String command) throws IOException {
        return SshExec.run(s, command, T);
    }

    @Test
    void passwordLoginRunsOneCommandNonInteractively() throws Exception {
        try (ClientSession s = passwordSession("admin", "Admin-Pass1")) {
            Result r = exec(s, "storage failover show");
            assertEquals(FAILOVER_TABLE, r.out());
            assertEquals("", r.err());
            assertEquals(0, r.status());

            r = exec(s, "storage failover takeover -ofnode node-z");
            assertEquals(1, r.status());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("Error: command failed: node \"node-z\" does not exist"), r.err());

            r = exec(s, "storage failover takeover");
            assertEquals(2, r.status());
            assertTrue(r.err().startsWith("Error: missing required argument -ofnode"), r.err());

            r = exec(s, "vserver cifs users-and-groups local-user set-password -user-name smbuser");
            assertEquals(2, r.status());
            assertTrue(r.err().contains("-password is required in a non-interactive session"), r.err());
        }
        assertTrue(audit.stream().anyMatch(e -> e.kind() == AuditSink.Kind.COMMAND && e.user().equals("admin")
                && e.action().equals("storage failover takeover -ofnode node-z") && !e.success()
                && e.sourceAddress().startsWith("127.")), audit::toString);
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedAndAudited() throws Exception {
        assertThrows(Exception.class, () -> passwordSession("admin", "wrong-password").close());
        assertThrows(Exception.class, () -> passwordSession("root", "Admin-Pass1").close());
        assertTrue(audit.stream().anyMatch(e -> e.kind() == AuditSink.Kind.LOGIN && e.user().equals("admin")
                && !e.success() && e.sourceAddress().startsWith("127.")), audit::toString);
        assertTrue(audit.stream().anyMatch(e -> e.kind() == AuditSink.Kind.LOGIN && e.user().equals("root") && !e.success()));
    }

    @Test
    void publicKeyLogin() throws Exception {
        try (ClientSession s = client.connect("admin", HOST, PORT).verify(T).getSession()) {
            s.addPublicKeyIdentity(clientKey);
            s.auth().verify(T);
            Result r = exec(s, "cluster show");
            assertEquals(0, r.status());
            assertTrue(r.out().startsWith("Node   Health Eligibility Uptime"), r.out());
        }
        KeyPair other = ecKey();
        assertThrows(Exception.class, () -> {
            try (ClientSession s = client.connect("admin", HOST, PORT).verify(T).getSession()) {
                s.addPublicKeyIdentity(other);
                s.auth().verify(T);
            }
        });
    }

    @Test
    void hostKeyIsPersistedPrivately() throws Exception {
        Path key = dir.resolve("keys/ssh_host_key");
        assertTrue(Files.size(key) > 0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    @Test
    void interactiveShellWithCompletionHelpAndHistory() throws Exception {
        try (ClientSession s = passwordSession("admin", "Admin-Pass1");
             ChannelShell ch = s.createShellChannel()) {
            SyncBuffer out = new SyncBuffer();
            ch.setOut(out);
            ch.setErr(out);
            ch.open().verify(T);
            OutputStream in = ch.getInvertedIn();
            out.await("casmb::> ");
            type(in, "stor\t");
            out.await("casmb::> storage ");
            type(in, "fail\tsh\t");
            out.await("storage failover show ");
            type(in, "\r");
            out.await("2 entries were displayed.\r\n");
            assertTrue(out.text().contains("node-a node-b  true     Connected to node-b\r\n"), out.text());
            out.clear();
            type(in, "storage failover takeover ?");
            out.await("[-option {normal|immediate}]");
            out.await("casmb::> storage failover takeover ");
            type(in, "\u0015");                               // Ctrl-U
            type(in, "vserver cifs users-and-groups local-user set-password -user-name smbuser\r");
            out.await("Enter the new password: ");
            type(in, "Secret-99\r");
            out.await("Confirm the new password: ");
            out.clear();
            type(in, "Secret-99\r");
            out.await("casmb::> ");
            assertFalse(out.text().contains("Secret-99"), "no echo of passwords");
            assertTrue(backend.passwordIs("smbuser", "Secret-99"));
            out.clear();
            type(in, "bogus\r");
            out.await("Error: \"bogus\" is not a recognized command");
            out.clear();
            type(in, "\u001b[A");                             // up-arrow: last line
            out.await("bogus");
            type(in, "\u0003");                               // Ctrl-C
            out.await("^C\r\ncasmb::> ");
            type(in, "exit\r");
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), T);
            assertEquals(0, ch.getExitStatus());
        }
    }

    @Test
    void shellWithoutTerminalReadsAScript() throws Exception {
        try (ClientSession s = passwordSession("admin", "Admin-Pass1");
             ChannelShell ch = s.createShellChannel()) {
            ch.setUsePty(false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.setErr(out);
            ch.setIn(new java.io.ByteArrayInputStream("cluster show\nstorage failover show\nnetwork interface revert -lif nope\n"
                    .getBytes(StandardCharsets.UTF_8)));
            ch.open().verify(T);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), T);
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Node   Health Eligibility"), text);
            assertTrue(text.contains(FAILOVER_TABLE), text);
            assertTrue(text.endsWith("Error: command failed: LIF \"nope\" does not exist\n"), text);
            assertFalse(text.contains("casmb::>"), "no prompts without a terminal");
            assertEquals(1, ch.getExitStatus(), "status of the last command");
        }
    }

    @Test
    void sessionsAreBounded() throws Exception {
        List<ClientSession> open = new ArrayList<>();
        try {
            // the other tests' sessions are closed by now; allow a moment for the server to notice
            long deadline = System.nanoTime() + T.toNanos();
            while (server.activeSessions() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            for (int i = 0; i < 4; i++) open.add(passwordSession("admin", "Admin-Pass1"));
            assertEquals(4, server.activeSessions());
            assertThrows(Exception.class, () -> passwordSession("admin", "Admin-Pass1").close());
        } finally {
            for (ClientSession s : open) s.close();
        }
    }

    @Test
    void openSshClient() throws Exception {
        assumeTrue(openSshKey != null && Files.isExecutable(Path.of("/usr/bin/ssh")), "OpenSSH client not installed");
        List<String> base = List.of("/usr/bin/ssh", "-F", "/dev/null", "-i", openSshKey.toString(), "-p", String.valueOf(PORT),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "admin@" + HOST);
        Result r = run(base, "storage failover show");
        assertEquals(0, r.status(), r.err());
        assertEquals(FAILOVER_TABLE, r.out());
        r = run(base, "network interface revert -lif nope");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("Error: command failed: LIF \"nope\" does not exist"), r.err());
    }

    @Test
    void openSshClientWithPasswordViaSshpass() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/sshpass")),
                "ssh or sshpass not installed");
        List<String> base = new ArrayList<>(List.of("/usr/bin/sshpass", "-p", "Admin-Pass1", "/usr/bin/ssh", "-F", "/dev/null",
                "-p", String.valueOf(PORT), "-o", "PubkeyAuthentication=no",
                "-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "admin@" + HOST));
        Result r = run(base, "storage failover show");
        assertEquals(0, r.status(), r.err());
        assertEquals(FAILOVER_TABLE, r.out());
        base.set(2, "not-the-password");
        r = run(base, "storage failover show");
        assertTrue(r.status() != 0, "wrong password refused");
        assertEquals("", r.out());
    }

    static Result run(List<String> base, String command) throws Exception {
        List<String> cmd = new ArrayList<>(base);
        cmd.add(command);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ssh timed out");
        }
        return new Result(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8), p.exitValue());
    }

    static void type(OutputStream in, String keys) throws IOException {
        in.write(keys.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Collects channel output; {@link #await} waits (bounded) for a string to appear. */
    static final class SyncBuffer extends OutputStream {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        @Override public synchronized void write(int x) { b.write(x); notifyAll(); }
        @Override public synchronized void write(byte[] x, int o, int l) { b.write(x, o, l); notifyAll(); }

        synchronized String text() { return b.toString(StandardCharsets.UTF_8); }
        synchronized void clear() { b.reset(); }

        synchronized void await(String s) throws InterruptedException {
            long deadline = System.nanoTime() + T.toNanos();
            while (!text().contains(s)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("timed out waiting for \"" + s + "\"; got:\n" + text());
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
