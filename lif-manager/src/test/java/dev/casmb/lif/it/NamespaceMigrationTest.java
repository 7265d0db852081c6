package dev.casmb.lif.it;

import dev.casmb.lif.driver.CommandRunner;
import dev.casmb.lif.driver.LifDriverException;
import dev.casmb.lif.driver.LinuxLifDriver;
import dev.casmb.lif.driver.ProcessCommandRunner;
import dev.casmb.lif.manager.LifManager;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.store.InMemoryLifStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real plumbing with the linux driver, isolated in network namespaces created here (all named
 * {@code casmbt-l*}, addresses 10.77.0.0/24 only on veths inside them): a client namespace and two
 * node namespaces on a bridge (in its own namespace). A TCP server runs in each node namespace; the
 * LIF 10.77.0.100 is plumbed on node A, a client connects, the LIF migrates to node B, the client
 * connects again; the gap is printed. Runs only as root with {@code ip} and {@code python3}.
 */
@Timeout(60)
class NamespaceMigrationTest {

    static final String NS_BR = "casmbt-lbr";
    static final String NS_CLI = "casmbt-lcli";
    static final String NS_A = "casmbt-lna";
    static final String NS_B = "casmbt-lnb";
    static final List<String> ALL_NS = List.of(NS_CLI, NS_A, NS_B, NS_BR);
    static final LifAddress LIF = LifAddress.parse("10.77.0.100/24");
    static final int PORT = 4445;

    static final CommandRunner RUN = new ProcessCommandRunner();
    static final List<Process> processes = new ArrayList<>();
    static boolean created;

    @BeforeAll
    static void setUpNamespaces() throws Exception {
        Assumptions.assumeTrue(onPath("ip"), "skipped: the 'ip' command (iproute2) is not installed");
        Assumptions.assumeTrue(onPath("python3"), "skipped: python3 (used for the TCP servers/client) is missing");
        CommandRunner.Result uid = RUN.run(List.of("id", "-u"), Duration.ofSeconds(5));
        Assumptions.assumeTrue(uid.ok() && uid.stdout().trim().equals("0"),
                "skipped: network namespaces need root (uid is " + uid.stdout().trim() + ")");
        deleteNamespaces(); // leftovers of an interrupted run
        CommandRunner.Result probe = RUN.run(List.of("ip", "netns", "add", NS_BR), Duration.ofSeconds(5));
        Assumptions.assumeTrue(probe.ok(), "skipped: cannot create a network namespace: " + probe.output());
        created = true;
        for (String ns : List.of(NS_CLI, NS_A, NS_B)) {
            sh("ip", "netns", "add", ns);
        }
        for (String ns : ALL_NS) {
            sh("ip", "-n", ns, "link", "set", "lo", "up");
        }
        sh("ip", "-n", NS_BR, "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", NS_BR, "link", "set", "br0", "up");
        String[][] legs = {{NS_CLI, "pcli", "10.77.0.1/24"}, {NS_A, "pna", "10.77.0.2/24"}, {NS_B, "pnb", "10.77.0.3/24"}};
        for (String[] leg : legs) {
            sh("ip", "link", "add", "name", "eth0", "netns", leg[0], "type", "veth", "peer", "name", leg[1],
                    "netns", NS_BR);
            sh("ip", "-n", NS_BR, "link", "set", leg[1], "master", "br0", "up");
            sh("ip", "-n", leg[0], "addr", "add", leg[2], "dev", "eth0");
            sh("ip", "-n", leg[0], "link", "set", "eth0", "up");
        }
        // a TCP server in each node namespace, listening on all addresses; it answers on the LIF
        // address only while that address is plumbed there. Lifetime bounded by alarm(45).
        for (String[] node : new String[][] {{NS_A, "node-a"}, {NS_B, "node-b"}}) {
            String py = "import socket,signal\n"
                    + "signal.alarm(45)\n"
                    + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                    + "s.bind(('0.0.0.0'," + PORT + ")); s.listen(64); print('ready',flush=True)\n"
                    + "while True:\n"
                    + "  c,_=s.accept(); c.sendall(b'" + node[1] + "\\n'); c.close()\n";
            Process p = start("ip", "netns", "exec", node[0], "python3", "-c", py);
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", r.readLine(), "TCP server in " + node[0] + " did not start");
        }
    }

    @AfterAll
    static void tearDown() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (created) {
            deleteNamespaces();
        }
    }

    @Test
    void lifMigratesBetweenNamespacesAndClientReconnects() throws Exception {
        InMemoryLifStateStore store = new InMemoryLifStateStore();
        LifManager a = new LifManager("node-a", "node-b", LinuxLifDriver.inNamespace(NS_A), store);
        LifManager b = new LifManager("node-b", "node-a", LinuxLifDriver.inNamespace(NS_B), store);
        Process client = null;
        try {
            a.start();
            b.start();
            a.createSvm("svm1", "CASMB1", "casmb1.example.test");
            assertTrue(a.create("lif_a", "svm1", LIF, "node-a", "eth0", FailoverPolicy.PARTNER, true).operUp());
            assertTrue(sh("ip", "-n", NS_A, "addr", "show", "dev", "eth0").contains("10.77.0.100/24"));

            // client: connect every 10 ms (0.1 s timeout), print "<epoch ms> <answer|error>", for at most 15 s
            String py = "import socket,time\n"
                    + "end=time.time()+15\n"
                    + "while time.time()<end:\n"
                    + "  t=time.time()\n"
                    + "  try:\n"
                    + "    c=socket.create_connection(('" + LIF.host() + "'," + PORT + "),timeout=0.1)\n"
                    + "    r=c.recv(64).decode().strip(); c.close()\n"
                    + "  except Exception as e:\n"
                    + "    r='error:'+type(e).__name__\n"
                    + "  print('%d %s' % (int(t*1000), r), flush=True)\n"
                    + "  time.sleep(0.01)\n";
            client = start("ip", "netns", "exec", NS_CLI, "python3", "-c", py);
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            Thread pump = new Thread(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // client ended
                }
            }, "ns-client-pump");
            pump.setDaemon(true);
            pump.start();

            assertNotNull(waitFor(lines, "node-a", 5000), "client never reached node-a through the LIF");
            // steady state: the client's ARP entry is older than the neighbour locktime (1 s), as it
            // would be for a real client, so it accepts the gratuitous ARP at once
            Thread.sleep(1200);
            lines.clear();
            seen.clear();
            long t0 = System.currentTimeMillis();
            a.migrate("lif_a", "node-b");
            long migrated = System.currentTimeMillis();
            assertTrue(sh("ip", "-n", NS_B, "addr", "show", "dev", "eth0").contains("10.77.0.100/24"));
            assertTrue(!sh("ip", "-n", NS_A, "addr", "show", "dev", "eth0").contains("10.77.0.100"));
            String first = waitFor(lines, "node-b", 12_000);
            long failedAttempts = seen.stream().filter(l -> l.contains(" error:")).count();
            assertNotNull(first, "client never reached node-b after the migration");
            long firstB = Long.parseLong(first.split(" ")[0]);
            System.out.printf("namespace LIF migration: migrate() took %d ms; first client connection to node-b"
                    + " %d ms after migrate() started, %d failed attempts in between (arping %s)%n", migrated - t0,
                    firstB - t0, failedAttempts,
                    onPath("arping") ? "present: gratuitous ARP sent" : "absent: no gratuitous ARP");
            assertTrue(firstB - t0 < 12_000);

            // the same driver, real errors: missing port, address already there
            LinuxLifDriver drvA = LinuxLifDriver.inNamespace(NS_A);
            assertEquals(LifDriverException.Kind.NO_SUCH_PORT, assertThrows(LifDriverException.class,
                    () -> drvA.plumb(LifAddress.parse("10.77.0.101/24"), "eth9")).kind());
            assertEquals(LifDriverException.Kind.ADDRESS_IN_USE, assertThrows(LifDriverException.class,
                    () -> drvA.plumb(LifAddress.parse("10.77.0.2/24"), "eth0")).kind());
            drvA.unplumb(LifAddress.parse("10.77.0.101/24"), "eth0"); // absent: no error

            // revert home, as after a giveback
            b.revert("lif_a");
            assertTrue(sh("ip", "-n", NS_A, "addr", "show", "dev", "eth0").contains("10.77.0.100/24"));
        } finally {
            if (client != null) {
                client.destroyForcibly();
            }
            a.close();
            b.close();
        }
    }

    /** Next line containing {@code answer}, skipping others; null after {@code ms}. */
    static final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static String waitFor(LinkedBlockingQueue<String> lines, String answer, long ms)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null) {
                seen.add(l);
            }
            if (l != null && l.endsWith(" " + answer)) {
                return l;
            }
        }
        return null;
    }

    private static Process start(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        return p;
    }

    private static String sh(String... argv) {
        CommandRunner.Result r = RUN.run(List.of(argv), Duration.ofSeconds(10));
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.output());
        }
        return r.stdout();
    }

    private static void deleteNamespaces() {
        for (String ns : ALL_NS) {
            if (new File("/run/netns/" + ns).exists()) {
                RUN.run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
            }
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
