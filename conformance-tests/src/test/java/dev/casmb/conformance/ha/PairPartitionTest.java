package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/DESIGN.md "HA pair acceptance criteria", Partition: a network partition between node A and (node B +
 * mediator). Node B must take over, node A must fence itself (stop serving, take its LIF address off, write
 * nothing), there must be no instant at which both serve the aggregate, and nothing acknowledged may be lost; after
 * healing, A rejoins as "waiting for giveback" and a giveback works.
 *
 * <p><b>Topology.</b> Every member runs in its own network namespace (all named {@code casmbt-p*},
 * addresses only in 10.79.0.0/24 on veths inside them): mediator 10.79.0.10, node A 10.79.0.11, node B
 * 10.79.0.12 (Raft, heartbeat and admin SSH bind to these node addresses), a client namespace 10.79.0.2, all
 * on a bridge in namespace {@code casmbt-pbr}. The data LIFs are lif_a 10.79.0.101 (home A) and lif_b
 * 10.79.0.102 (home B), with the <b>linux</b> LIF driver: each node JVM runs inside its namespace and
 * plumbs the LIF with {@code ip addr add} on its eth0, so a takeover really moves the address between
 * namespaces (with gratuitous ARP) and a fenced node really has to take it off. The loopback driver
 * would be "honest" only for the cluster network; the point of this test is what the data network sees.
 *
 * <p><b>The cut</b> isolates A from the cluster only, both directions at once: policy rules in A's
 * namespace blackhole all traffic from and to B and the mediator. The client keeps its path to A (the harder case: a client can still talk
 * to a node that has lost quorum, so only fencing keeps it from being served there). Healing deletes the
 * rules.
 *
 * <p><b>Observers</b> (python3-impacket, independent of our code): a writer in the client namespace that
 * holds a persistent handle with a byte-range lock through A's LIF and writes an 8-byte record every 20 ms,
 * logging each acknowledgement; a probe in A's namespace and one in B's, each a fresh connection + login +
 * tree connect to the CA share every ~50 ms with its socket's source address 127.0.0.1, so that it only
 * ever reaches the node of its own namespace. A sample "ok [t0,t1]" proves that node served the
 * aggregate at some instant in that interval; the test asserts that no A-interval (probe or write ack)
 * overlaps a B-interval. It prints the time to fence (A's event log), to takeover (B's first served
 * sample and its event), the gap, and the rejoin and giveback times.
 *
 * <p>Skipped unless root with {@code ip} and python3-impacket. The admin shell is driven over SSH from the
 * client namespace by {@link AdminSsh}'s client in a small JVM. Namespaces left over by an
 * interrupted run are deleted first; all are deleted at the end.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PairPartitionTest {
    static final String NS_BR = "casmbt-pbr";
    static final String NS_M = "casmbt-pm";
    static final String NS_A = "casmbt-pa";
    static final String NS_B = "casmbt-pb";
    static final String NS_C = "casmbt-pc";
    static final List<String> ALL_NS = List.of(NS_C, NS_M, NS_A, NS_B, NS_BR);
    static final String MED = "10.79.0.10";
    static final String HOST_A = "10.79.0.11";
    static final String HOST_B = "10.79.0.12";
    static final String LIF_A = "10.79.0.101";
    static final String LIF_B = "10.79.0.102";
    static final int PORT_BASE = 4800;
    static final String PY = "/usr/bin/python3";
    static final String FILE = "partition.dat";

    private static PairCluster pair;
    private static boolean created;
    private static final List<Process> helpers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(onPath("ip"), "skipped: the 'ip' command (iproute2) is not installed");
        Assumptions.assumeTrue("0".equals(sh(false, "id", "-u").trim()), "skipped: network namespaces need root");
        CaClient.assumeImpacket();
        deleteNamespaces();
        created = true;
        for (String ns : ALL_NS) {
            sh("ip", "netns", "add", ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
        }
        sh("ip", "-n", NS_BR, "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", NS_BR, "link", "set", "br0", "up");
        String[][] legs = {{NS_C, "pc", "10.79.0.2/24"}, {NS_M, "pm", MED + "/24"}, {NS_A, "pa", HOST_A + "/24"},
            {NS_B, "pb", HOST_B + "/24"}};
        for (String[] leg : legs) {
            sh("ip", "link", "add", "name", "eth0", "netns", leg[0], "type", "veth", "peer", "name", leg[1], "netns", NS_BR);
            sh("ip", "-n", NS_BR, "link", "set", leg[1], "master", "br0", "up");
            sh("ip", "-n", leg[0], "addr", "add", leg[2], "dev", "eth0");
            sh("ip", "-n", leg[0], "link", "set", "eth0", "up");
        }
        // incoming packets are matched by the rules only if the local table is consulted after them
        sh("ip", "-n", NS_A, "rule", "add", "pref", "100", "lookup", "local");
        sh("ip", "-n", NS_A, "rule", "del", "pref", "0");
        PairCluster.Net net = new PairCluster.Net(MED, HOST_A, HOST_B, LIF_A, LIF_B, 24, "eth0", "linux",
            Map.of("mediator", NS_M, "node-a", NS_A, "node-b", NS_B), true);
        pair = new PairCluster("partition", net, PORT_BASE);
        pair.startAll();
        // ready: A serves the CA share on its LIF, B answers on its own LIF
        assertTrue(await(NS_C, LIF_A, "vmstore", 120, false), "node A never served vmstore on " + LIF_A + "\n" + pair.logTail("node-a"));
        assertTrue(await(NS_C, LIF_B, "IPC$", 60, false), "node B never answered on " + LIF_B + "\n" + pair.logTail("node-b"));
        // both admin shells up (their host-key generation is the last CPU burst of start-up), then settle, so
        // that a start-up stall on this shared machine is not mistaken for the partition
        assertTrue(eventTime("node-a", "admin.up", 0, 60_000) > 0 && eventTime("node-b", "admin.up", 0, 60_000) > 0, "admin shells");
        Thread.sleep(1000);
    }

    @AfterAll
    static void down() throws Exception {
        for (Process p : helpers) p.destroyForcibly();
        if (pair != null) pair.close();
        if (created) deleteNamespaces();
    }

    @Test
    void partitionedNodeFencesAndPartnerTakesOverWithoutSplitBrain() throws Exception {
        int port = pair.smbPort();
        // 1. a client holds a persistent handle + lock through A's LIF and keeps writing
        Lines writer = Lines.start(NS_C, script(), LIF_A, port, "vmstore", "writer", FILE, "120");
        String opened = writer.await(l -> l.startsWith("{"), 30_000);
        assertNotNull(opened, "writer could not open through A: " + writer.all());
        assertNotNull(writer.await(l -> l.startsWith("ack 10 "), 20_000), "writer made no progress: " + writer.all());
        String fid = CaClient.field(opened, "fid");
        String cguid = CaClient.field(opened, "cguid");

        // 2. one probe per node, each reaching only its own namespace's addresses
        Lines probeA = Lines.start(NS_A, script(), LIF_A, port, "vmstore", "probe", "150", "lo");
        Lines probeB = Lines.start(NS_B, script(), LIF_B, port, "vmstore", "probe", "150", "lo");
        assertNotNull(probeA.await(l -> l.startsWith("ok "), 20_000), "probe in A's namespace never saw A serve: " + probeA.all());
        assertNotNull(probeB.await(l -> l.startsWith("err "), 20_000), "probe in B's namespace never ran: " + probeB.all());
        Thread.sleep(300);
        assertTrue(probeB.all().stream().noneMatch(l -> l.startsWith("ok ")), "B serves aggr1 before the cut: " + probeB.all());

        // a client probe of the LIF itself (whichever node holds it)
        Lines probeLif = Lines.start(NS_C, script(), LIF_A, port, "vmstore", "probe", "150");

        // 3. the cut: A loses B and the mediator; the client keeps its path to A
        long tCut = System.currentTimeMillis();
        partition(true);
        String firstB = probeB.await(l -> l.startsWith("ok "), 20_000);
        if (firstB == null) {
            pair.threadDump("node-a");
            pair.threadDump("node-b");
            Thread.sleep(1000);
        }
        assertNotNull(firstB, "node B did not take over within 20 s\n" + pair.logTail("node-b"));
        long[] fb = sample(firstB);
        String werr = writer.await(l -> l.startsWith("err "), 20_000);
        assertNotNull(werr, "the writer through A was neither stopped nor reset: " + tail(writer.all()));
        long fenceAt = eventTime("node-a", "node.fenced", tCut, 10_000);
        long takeoverAt = eventTime("node-b", "takeover.done", tCut, 10_000);
        if (fenceAt < 0 || takeoverAt < 0) {
            pair.threadDump("node-a");
            pair.threadDump("node-b");
            Thread.sleep(1000);
        }
        assertTrue(fenceAt > 0, "A never reported itself fenced\n" + pair.logTail("node-a"));
        assertTrue(takeoverAt > 0, "B never reported the takeover\n" + pair.logTail("node-b"));
        assertTrue(fenceAt < takeoverAt, "A fenced (" + fenceAt + ") only after B's takeover (" + takeoverAt + ")");
        assertTrue(awaitTrue(() -> !sh("ip", "-n", NS_A, "addr", "show", "dev", "eth0").contains(LIF_A + "/"), 5_000),
            "fenced node A still holds " + LIF_A + ": " + sh("ip", "-n", NS_A, "addr"));
        assertTrue(awaitTrue(() -> sh("ip", "-n", NS_B, "addr", "show", "dev", "eth0").contains(LIF_A + "/"), 10_000),
            "B did not plumb " + LIF_A);
        String showA = admin(HOST_A, "storage failover show");
        assertTrue(showA.contains("Fenced"), "A's own view while cut off: " + showA);
        String showB = admin(HOST_B, "storage failover show");
        assertTrue(showB.contains("In takeover"), "B's view: " + showB);

        // 4. the client reconnects to the same LIF, now on B, and reclaims: every acknowledged write is there
        // the first client sample on the LIF that began after A had fenced (and so taken the address off) is B's
        String lifOnB = probeLif.await(l -> l.startsWith("ok ") && sample(l)[0] > fenceAt, 20_000);
        assertNotNull(lifOnB, "LIF " + LIF_A + " does not answer on B: " + tail(probeLif.all()));
        long lifAnswers = sample(lifOnB)[1];
        List<Long> acks = writer.all().stream().filter(l -> l.startsWith("ack ")).map(l -> Long.parseLong(l.split(" ")[1])).toList();
        long lastAckSeq = acks.get(acks.size() - 1);
        long lastAckMs = writer.all().stream().filter(l -> l.startsWith("ack ")).mapToLong(l -> Long.parseLong(l.split(" ")[2])).max().orElseThrow();
        String onB = CaClient.runIn(NS_C, LIF_A, port, "vmstore", "lockcheck", FILE, fid, cguid);
        assertEquals("0x00000000", CaClient.field(onB, "status"), "DH2C reclaim on B: " + onB + "\n" + pair.logTail("node-b"));
        String dataOnB = CaClient.field(onB, "data");
        checkRecords(dataOnB, lastAckSeq);
        assertEquals("0xC0000055", CaClient.field(onB, "other_lock"), "the reclaimed handle still holds its lock: " + onB);

        // 5. no instant when both served: A's samples (probe ok, write acks) all end before B's first begins
        List<long[]> aOk = oks(probeA);
        long lastA = Math.max(aOk.get(aOk.size() - 1)[1], lastAckMs);
        assertTrue(lastA < fb[0], "A served until " + (lastA - tCut) + " ms after the cut, B from " + (fb[0] - tCut) + " ms");

        // 6. heal: A catches up and rejoins as "waiting for giveback"; it does not take anything back
        long tHeal = System.currentTimeMillis();
        partition(false);
        long rejoinAt = eventTime("node-a", "node.rejoined", tHeal, 30_000);
        assertTrue(rejoinAt > 0, "A did not rejoin after healing\n" + pair.logTail("node-a"));
        Thread.sleep(1500); // longer than detect: a wrong counter-takeover by A would show now
        String show2 = admin(HOST_B, "storage failover show");
        assertTrue(show2.contains("In takeover") && show2.contains("Waiting for giveback"), "after healing: " + show2);
        assertTrue(Files.readAllLines(pair.log("node-a")).stream().noneMatch(l -> l.contains("events: [node-a] takeover.start")),
            "A took something over after rejoining\n" + pair.logTail("node-a"));
        String cluster = admin(HOST_A, "cluster show");

        // 7. giveback to A; the handle is reclaimable there with the same data (no queued write of A's landed)
        long tGb = System.currentTimeMillis();
        String gb = admin(HOST_B, "storage failover giveback -ofnode node-a");
        assertTrue(gb.contains("exit 0"), "giveback: " + gb);
        assertTrue(await(NS_A, LIF_A, "vmstore", 20, true), "A does not serve " + LIF_A + " after giveback\n" + pair.logTail("node-a"));
        long gbMs = System.currentTimeMillis() - tGb;
        String onA = CaClient.runIn(NS_C, LIF_A, port, "vmstore", "reclaim", FILE, fid, cguid);
        assertEquals("0x00000000", CaClient.field(onA, "status"), "DH2C reclaim on A after giveback: " + onA);
        assertEquals(dataOnB, CaClient.field(onA, "data"), "the file changed while A was fenced or rejoining");

        // 8. over the whole run, no A-interval overlaps a B-interval
        Thread.sleep(500);
        List<long[]> a = oks(probeA);
        List<long[]> b = oks(probeB);
        for (long[] x : a) {
            for (long[] y : b) {
                if (x[0] <= y[1] && y[0] <= x[1]) {
                    fail("both nodes served aggr1 around " + (x[0] - tCut) + " ms after the cut: A " + (x[0] - tCut) + ".." + (x[1] - tCut)
                        + ", B " + (y[0] - tCut) + ".." + (y[1] - tCut));
                }
            }
        }
        long firstAErr = probeA.all().stream().filter(l -> l.startsWith("err ")).mapToLong(l -> sample(l)[0])
            .filter(t -> t >= tCut).min().orElse(-1);
        System.out.printf("network partition (A cut off from B + mediator; client still reaches A):%n"
                + "  A fenced (event)            %5d ms after the cut%n"
                + "  A refused (first probe err) %5d ms%n"
                + "  writer through A stopped    %5d ms (%s)%n"
                + "  B takeover done (event)     %5d ms%n"
                + "  B first served (probe)      %5d ms; gap after A's last served sample %d ms%n"
                + "  LIF %s answers on B      %5d ms; %d acknowledged writes all read back on B%n"
                + "  rejoin after healing        %5d ms; giveback until A serves %d ms; samples A=%d B=%d, no overlap%n",
            fenceAt - tCut, firstAErr < 0 ? -1 : firstAErr - tCut, Long.parseLong(werr.split(" ")[1]) - tCut, werr.substring(werr.indexOf(' ', 4) + 1),
            takeoverAt - tCut, fb[0] - tCut, fb[0] - lastA, LIF_A, lifAnswers - tCut, lastAckSeq + 1, rejoinAt - tHeal, gbMs,
            a.size(), b.size());
        System.out.println(show2.trim() + "\n" + cluster.trim());
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Cluster-only partition of node A, both directions at once, or healing it: policy rules in A's namespace
     * that blackhole everything from and to B and the mediator, added (or deleted) in one {@code ip -batch}.
     * (Separate blackhole routes in three namespaces, one {@code ip} process each, left A hearing the leader
     * for a few hundred ms after its own heartbeats to B had stopped: a staggered cut, not the one measured.)
     */
    static void partition(boolean cut) throws Exception {
        String op = cut ? "add" : "del";
        StringBuilder batch = new StringBuilder();
        int pref = 10;
        for (String peer : List.of(MED, HOST_B)) {
            batch.append("rule ").append(op).append(" from ").append(peer).append(" blackhole pref ").append(pref++).append('\n');
            batch.append("rule ").append(op).append(" to ").append(peer).append(" blackhole pref ").append(pref++).append('\n');
        }
        Process p = new ProcessBuilder("ip", "-n", NS_A, "-batch", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(batch.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0,
            "ip -batch failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Every record 0..lastAck (8-byte little-endian sequence numbers) is in the file. */
    static void checkRecords(String hex, long lastAck) {
        assertNotNull(hex, "no data read back");
        assertTrue(hex.length() >= (lastAck + 1) * 16, "file holds " + hex.length() / 16 + " records, " + (lastAck + 1) + " acknowledged");
        for (long seq = 0; seq <= lastAck; seq++) {
            String rec = hex.substring((int) seq * 16, (int) seq * 16 + 16);
            long v = Long.reverseBytes(Long.parseUnsignedLong(rec, 16));
            assertEquals(seq, v, "acknowledged record " + seq + " lost or wrong");
        }
        assertTrue(hex.length() <= (lastAck + 2) * 16, "more records than were ever sent");
    }

    static Path script() {
        return Paths.get("src", "test", "python", "partition_client.py").toAbsolutePath();
    }

    static boolean await(String ns, String host, String share, int seconds, boolean lo) throws Exception {
        Lines l = lo ? Lines.start(ns, script(), host, pair.smbPort(), share, "await", Integer.toString(seconds), "lo")
            : Lines.start(ns, script(), host, pair.smbPort(), share, "await", Integer.toString(seconds));
        boolean done = l.process.waitFor(seconds + 15L, TimeUnit.SECONDS);
        return done && l.process.exitValue() == 0;
    }

    /** An admin shell command over SSH from the client namespace (AdminSsh's client); the output with "exit N" appended. */
    static String admin(String host, String command) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", NS_C, Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), AdminSsh.class.getName(), host, command)
            .redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out: " + command;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).reduce("", (a, b) -> a + b + "\n")
            + "\nexit " + p.exitValue();
    }

    /** Epoch ms of the first event {@code kind} in a member's log at or after {@code since}, waiting up to {@code ms}; -1 if none. */
    static long eventTime(String who, String kind, long since, long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        LocalTime from = LocalTime.ofInstant(Instant.ofEpochMilli(since), ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS);
        while (true) {
            for (String l : Files.readAllLines(pair.log(who))) {
                if (!l.contains("events: [" + who + "] " + kind + ":")) continue;
                LocalTime t = LocalTime.parse(l.substring(0, 12));
                if (t.isBefore(from)) continue;
                return since + ChronoUnit.MILLIS.between(from, t);
            }
            if (System.currentTimeMillis() > end) return -1;
            Thread.sleep(100);
        }
    }

    static long[] sample(String line) {
        String[] f = line.split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    static List<long[]> oks(Lines l) {
        return l.all().stream().filter(x -> x.startsWith("ok ")).map(PairPartitionTest::sample).toList();
    }

    static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static boolean awaitTrue(Check c, long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (c.ok()) return true;
            Thread.sleep(50);
        }
        return c.ok();
    }

    /** A helper process in a namespace whose output lines are collected. */
    static final class Lines {
        final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Lines(Process p) {
            this.process = p;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (IOException ignored) {
                    // process ended
                }
            }, "partition-helper");
            t.setDaemon(true);
            t.start();
        }

        static Lines start(String ns, Path script, String host, int port, String share, String... stepArgs) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, PY, script.toString(), host, Integer.toString(port),
                share, PairCluster.USER, PairCluster.PASSWORD));
            cmd.addAll(List.of(stepArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            helpers.add(p);
            return new Lines(p);
        }

        List<String> all() {
            return List.copyOf(lines);
        }

        String await(Predicate<String> p, long ms) throws InterruptedException {
            long end = System.currentTimeMillis() + ms;
            while (System.currentTimeMillis() < end) {
                for (String l : lines) {
                    if (p.test(l)) return l;
                }
                Thread.sleep(20);
            }
            return null;
        }
    }

    static String sh(String... argv) {
        return sh(true, argv);
    }

    static String sh(boolean check, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " timed out");
            }
            if (check && p.exitValue() != 0) throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteNamespaces() {
        for (String ns : ALL_NS) {
            if (new File("/run/netns/" + ns).exists()) sh(false, "ip", "netns", "del", ns);
        }
    }

    static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && new File(dir, tool).canExecute()) return true;
        }
        return false;
    }
}
