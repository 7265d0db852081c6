package dev.casmb.conformance.lif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.conformance.Cmd;
import dev.casmb.lif.driver.LinuxLifDriver;
import dev.casmb.lif.manager.LifManager;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.store.InMemoryLifStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/DESIGN.md "HA pair acceptance criteria", LIF migration (2): a real SMB server and smbclient across network
 * namespaces, with the Linux LIF driver moving the LIF. Namespaces created here (all named {@code casmbt-s*},
 * addresses 10.78.0.0/24 only on veths inside them; nothing in the root namespace is touched): a client, node A and
 * node B, joined by a bridge in a fourth namespace. In each node namespace an SMB server ({@code SmbMain serve},
 * its own JVM) listens on the LIF address 10.78.0.100 — {@code net.ipv4.ip_nonlocal_bind=1} in that namespace lets
 * it bind before the address is there — and serves the same directory as share {@code public}, plus a share
 * {@code node} that tells which node answered. A {@link LifManager} per node with
 * {@link LinuxLifDriver#inNamespace} ({@code ip addr add/del} + gratuitous ARP with arping) plumbs the LIF on A;
 * smbclient in the client namespace reads a file through it; the LIF migrates to B; the next smbclient command
 * through the same IP must succeed (served by B, same SHA-256). The gap is printed. Runs only as root with
 * {@code ip} and smbclient.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LifNamespaceSmbTest {
    static final String PREFIX = "casmbt-s";
    static final String NS_BR = PREFIX + "br";
    static final String NS_CLI = PREFIX + "cli";
    static final String NS_A = PREFIX + "na";
    static final String NS_B = PREFIX + "nb";
    static final List<String> ALL_NS = List.of(NS_CLI, NS_A, NS_B, NS_BR);
    static final LifAddress LIF = LifAddress.parse("10.78.0.100/24");
    static final int PORT = 4450;
    /**
     * The next command after the migration must succeed within this: with gratuitous ARP (arping) the client
     * switches at once (one lost SYN would add 1 s); without it, it waits for its neighbour entry to go
     * stale and be re-probed (several seconds).
     */
    static final long GAP_LIMIT_MS = 3000;
    static final long GAP_LIMIT_NO_ARPING_MS = 15_000;

    private static final List<Process> servers = new ArrayList<>();
    private static boolean created;
    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Cmd.which("ip") != null || Files.isExecutable(Path.of("/usr/sbin/ip")),
            "skipped: the 'ip' command (iproute2) is not installed");
        Cmd.assumeInstalled("smbclient", "smbclient");
        Cmd.Result uid = Cmd.run(Duration.ofSeconds(5), List.of("id", "-u"));
        Assumptions.assumeTrue(uid.exit() == 0 && uid.output().trim().equals("0"),
            "skipped: network namespaces need root (uid is " + uid.output().trim() + ")");
        deleteNamespaces(); // leftovers of an interrupted run
        Cmd.Result probe = Cmd.run(Duration.ofSeconds(10), List.of(ip(), "netns", "add", NS_BR));
        Assumptions.assumeTrue(probe.exit() == 0, "skipped: cannot create a network namespace: " + probe.output());
        created = true;
        for (String ns : List.of(NS_CLI, NS_A, NS_B)) sh(ip(), "netns", "add", ns);
        for (String ns : ALL_NS) sh(ip(), "-n", ns, "link", "set", "lo", "up");
        sh(ip(), "-n", NS_BR, "link", "add", "br0", "type", "bridge");
        sh(ip(), "-n", NS_BR, "link", "set", "br0", "up");
        String[][] legs = {{NS_CLI, "scli", "10.78.0.1/24"}, {NS_A, "sna", "10.78.0.2/24"}, {NS_B, "snb", "10.78.0.3/24"}};
        for (String[] leg : legs) {
            // both ends are created directly inside namespaces of this test
            sh(ip(), "link", "add", "name", "eth0", "netns", leg[0], "type", "veth", "peer", "name", leg[1], "netns", NS_BR);
            sh(ip(), "-n", NS_BR, "link", "set", leg[1], "master", "br0", "up");
            sh(ip(), "-n", leg[0], "addr", "add", leg[2], "dev", "eth0");
            sh(ip(), "-n", leg[0], "link", "set", "eth0", "up");
        }
        for (String ns : List.of(NS_A, NS_B)) {
            sh(ip(), "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_nonlocal_bind=1");
        }

        dir = Paths.get("target", "lif-netns").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir.resolve("public"));
        for (String n : List.of("a", "b")) {
            Files.createDirectories(dir.resolve("node-" + n));
            Files.writeString(dir.resolve("node-" + n).resolve("served-by-node-" + n + ".txt"), "node-" + n + "\n");
            Files.writeString(dir.resolve("server-" + n + ".yaml"), String.join("\n",
                "netbiosName: SVM1",
                "listen: [" + LIF.host() + "]",
                "port: " + PORT,
                "users: [{name: demo, password: Demo-Pass1}]",
                "shares: [{name: public, path: " + dir.resolve("public") + "}, {name: node, path: " + dir.resolve("node-" + n) + "}]",
                ""));
        }
        for (String n : List.of("a", "b")) {
            String ns = n.equals("a") ? NS_A : NS_B;
            Path log = dir.resolve("server-" + n + ".log");
            Process p = new ProcessBuilder(ip(), "netns", "exec", ns,
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.casmb.smb.launcher.SmbMain", "serve",
                "-c", dir.resolve("server-" + n + ".yaml").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            servers.add(p);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        }
        for (String n : List.of("a", "b")) awaitListening(n);
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Process p : servers) p.destroy();
        for (Process p : servers) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (created) deleteNamespaces();
        if (dir != null) deleteTree(dir.resolve("public"));
    }

    private static void awaitListening(String n) throws Exception {
        Path log = dir.resolve("server-" + n + ".log");
        Process p = servers.get(n.equals("a") ? 0 : 1);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("SMB listening on " + LIF.host())) return;
            if (!p.isAlive()) throw new IOException("server node-" + n + " exited with " + p.exitValue() + ":\n" + text);
            Thread.sleep(100);
        }
        throw new IOException("server node-" + n + " did not listen on " + LIF.host() + " within 120 s; see " + log);
    }

    /** smbclient in the client namespace through the LIF. */
    private static Cmd.Result smbclient(String share, String commands) throws Exception {
        return Cmd.run(Duration.ofSeconds(60), List.of(ip(), "netns", "exec", NS_CLI, "smbclient", "//" + LIF.host() + "/" + share,
            "-p", Integer.toString(PORT), "-U", "demo%Demo-Pass1", "-c", commands));
    }

    @Test
    void smbclientReadsThroughTheLifBeforeAndRightAfterItMigratesToTheOtherNamespace() throws Exception {
        Path file = dir.resolve("public").resolve("data.bin");
        String sha = writeRandom(file, 8L << 20);
        Path got1 = dir.resolve("got-before.bin");
        Path got2 = dir.resolve("got-after.bin");
        InMemoryLifStateStore store = new InMemoryLifStateStore();
        LifManager a = new LifManager("node-a", "node-b", LinuxLifDriver.inNamespace(NS_A), store);
        LifManager b = new LifManager("node-b", "node-a", LinuxLifDriver.inNamespace(NS_B), store);
        try {
            a.start();
            b.start();
            a.createSvm("SVM1", "SVM1", "svm1.example.test");
            assertTrue(a.create("lif_s", "SVM1", LIF, "node-a", "eth0", FailoverPolicy.PARTNER, true).operUp());
            assertTrue(sh(ip(), "-n", NS_A, "addr", "show", "dev", "eth0").contains(LIF.cidr()));

            // before: node A answers through the LIF
            long r0 = System.nanoTime();
            Cmd.Result before = smbclient("public", "get data.bin " + got1);
            long beforeMs = (System.nanoTime() - r0) / 1_000_000;
            assertEquals(0, before.exit(), () -> "read through the LIF on node A: " + before + "\n" + tail("a"));
            assertEquals(sha, sha256(got1), "content read through node A");
            Cmd.Result whoA = smbclient("node", "ls");
            assertTrue(whoA.exit() == 0 && whoA.output().contains("served-by-node-a"), () -> "node A should answer: " + whoA);

            // a client's neighbour entry for the LIF is normally older than the ARP locktime (1 s), so it
            // takes the gratuitous ARP at once; wait that long, as NamespaceMigrationTest does
            Thread.sleep(1200);
            long t0 = System.nanoTime();
            a.migrate("lif_s", "node-b");
            long migrated = System.nanoTime();
            assertTrue(sh(ip(), "-n", NS_B, "addr", "show", "dev", "eth0").contains(LIF.cidr()), "LIF plumbed in node B's namespace");
            assertFalse(sh(ip(), "-n", NS_A, "addr", "show", "dev", "eth0").contains(LIF.host() + "/"), "LIF gone from node A's namespace");

            // the next smbclient command through the same IP
            Cmd.Result after = smbclient("public", "get data.bin " + got2);
            long done = System.nanoTime();
            assertEquals(0, after.exit(), () -> "first read through the LIF after the migration: " + after + "\n" + tail("b"));
            assertFalse(after.output().contains("NT_STATUS_"), after::toString);
            assertEquals(sha, sha256(got2), "content read through node B");
            Cmd.Result whoB = smbclient("node", "ls");
            assertTrue(whoB.exit() == 0 && whoB.output().contains("served-by-node-b"), () -> "node B should answer now: " + whoB);

            long gapMs = (done - t0) / 1_000_000;
            System.out.printf("namespace LIF migration with SMB: migrate() %d ms (ip addr del in %s, ip addr add + arping in %s);"
                    + " next smbclient get (8 MiB) through %s succeeded %d ms after migrate() started (that command alone %d ms;"
                    + " the same get before the migration %d ms; arping %s)%n",
                (migrated - t0) / 1_000_000, NS_A, NS_B, LIF.host(), gapMs, (done - migrated) / 1_000_000, beforeMs,
                Cmd.which("arping") != null ? "present" : "absent: no gratuitous ARP");
            long limit = Cmd.which("arping") != null ? GAP_LIMIT_MS : GAP_LIMIT_NO_ARPING_MS;
            assertTrue(gapMs < limit, "gap " + gapMs + " ms, limit " + limit + " ms");
        } finally {
            a.close();
            b.close();
            Files.deleteIfExists(got1);
            Files.deleteIfExists(got2);
            Files.deleteIfExists(file);
        }
    }

    private static String tail(String n) {
        try {
            List<String> l = Files.readAllLines(dir.resolve("server-" + n + ".log"));
            return String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String ip() {
        Path p = Cmd.which("ip");
        return p != null ? p.toString() : "/usr/sbin/ip";
    }

    private static String sh(String... argv) throws Exception {
        Cmd.Result r = Cmd.run(Duration.ofSeconds(20), List.of(argv));
        if (r.exit() != 0) throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.output());
        return r.output();
    }

    /** Deletes this test's namespaces (prefix casmbt-s) and nothing else. */
    private static void deleteNamespaces() throws Exception {
        Cmd.Result list = Cmd.run(Duration.ofSeconds(10), List.of(ip(), "netns", "list"));
        for (String line : list.output().split("\n")) {
            String ns = line.trim().split("\\s+")[0];
            if (ns.startsWith(PREFIX)) Cmd.run(Duration.ofSeconds(10), List.of(ip(), "netns", "del", ns));
        }
    }

    private static String writeRandom(Path p, long size) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SplittableRandom rnd = new SplittableRandom(78);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long done = 0; done < size; done += block.length) {
                for (int i = 0; i < block.length; i++) block[i] = (byte) rnd.nextInt(256);
                out.write(block);
                md.update(block);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] b = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(b)) > 0; ) md.update(b, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted((x, y) -> y.compareTo(x)).toList()) Files.deleteIfExists(q);
        }
    }
}
