package dev.casmb.conformance.witness;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.conformance.Cmd;
import dev.casmb.conformance.ha.AdminSsh;
import dev.casmb.conformance.ha.PairCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MS-SWN against a real pair with Samba's own clients: rpcclient at [sign], [seal] and [spnego,seal] runs
 * GetInterfaceList, RegisterEx and AsyncNotify; smbtorture rpc.witness passes its floor; and the HA events
 * reach a client registered on the partner: SHARE_MOVE on aggregate relocation, CLIENT_MOVE on a planned
 * takeover, RESOURCE_CHANGE on kill -9 of the owner, each within the latency bound (event in the node's
 * event log -> the AsyncNotify response line printed by rpcclient).
 *
 * <p>rpcclient always resolves the witness through the endpoint mapper on TCP 135 unless the binding names
 * a port; as root the pair's EPM listens on 135 of its own LIF addresses (the real path), otherwise the
 * bindings carry the fixed witness port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WitnessPairTest {
    private static final String IP_BASE = "127.0.0.11";
    private static final int PORT_BASE = 4800;
    private static final long MAX_LATENCY_MS = Long.getLong("casmb.witness.maxLatencyMs", 200);
    private static final Map<String, Long> LATENCIES = new TreeMap<>();
    private static PairCluster pair;
    private static boolean viaEpm135;

    @BeforeAll
    static void up() throws Exception {
        Cmd.assumeInstalled("rpcclient", "smbclient");
        viaEpm135 = canBind(IP_BASE + "1", 135) && canBind(IP_BASE + "2", 135);
        pair = new PairCluster("witness", IP_BASE, PORT_BASE, viaEpm135 ? 135 : PORT_BASE + 5, PORT_BASE + 6);
        pair.startAll();
        assertTrue(PairCluster.awaitPort(pair.lifB(), PairCluster.ADMIN_PORT, 60_000), "admin shell on node B");
        assertTrue(PairCluster.awaitPort(pair.lifA(), PairCluster.ADMIN_PORT, 60_000), "admin shell on node A");
        awaitInterfaces(pair.lifB(), "*+ NODE-A " + pair.lifA(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void down() throws Exception {
        if (pair != null) pair.close();
        if (!LATENCIES.isEmpty()) {
            System.out.println("\nwitness notification latency (event -> AsyncNotify response at rpcclient): " + LATENCIES);
        }
    }

    private static boolean canBind(String ip, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String binding(String host, String options) {
        return "ncacn_ip_tcp:" + host + "[" + (viaEpm135 ? "" : pair.witnessPort() + ",") + options + "]";
    }

    private static Rpcclient rpcclient(String host, String options) throws IOException {
        return new Rpcclient(PairCluster.USER, PairCluster.PASSWORD, binding(host, options));
    }

    /** Polls GetInterfaceList on {@code host} until a line equals {@code expected}. */
    private static void awaitInterfaces(String host, String expected, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            Cmd.Result r = Cmd.run(Duration.ofSeconds(20), List.of("rpcclient", "-U", PairCluster.USER + "%" + PairCluster.PASSWORD,
                binding(host, "sign"), "-c", "GetInterfaceList"));
            last = r.output();
            if (last.lines().anyMatch(l -> l.startsWith(expected + " "))) return;
            Thread.sleep(500);
        }
        throw new AssertionError("GetInterfaceList on " + host + " never showed '" + expected + "'; last:\n" + last);
    }

    /** RegisterEx on {@code c} for the client's IP {@code ip}; returns the handle. */
    private static String registerEx(Rpcclient c, String ip, String share, int timeoutS) throws Exception {
        c.send("RegisterEx --net=SVM1 --ip=" + ip + (share == null ? "" : " --share=" + share) + " --timeout=" + timeoutS);
        Rpcclient.Line h = c.await(l -> l.matches("0:[0-9a-f-]{36}") || l.contains("failed") || l.startsWith("result"),
            Duration.ofSeconds(20));
        assertNotNull(h, () -> "no RegisterEx answer:\n" + c.transcript());
        assertTrue(h.text().startsWith("0:"), () -> "RegisterEx failed:\n" + c.transcript());
        return h.text();
    }

    /** The time stamp of the last event-log line of {@code kind} in {@code node}'s log. */
    private static LocalTime eventTime(String node, String kind) throws IOException {
        LocalTime t = null;
        for (String l : Files.readAllLines(pair.log(node))) {
            if (l.contains("events: [" + node + "] " + kind + ":")) t = LocalTime.parse(l.substring(0, 12));
        }
        return t;
    }

    private static long latency(String what, String node, String kind, LocalTime received) throws IOException {
        LocalTime ev = eventTime(node, kind);
        assertNotNull(ev, () -> "no " + kind + " event in " + node + "'s log\n" + pair.logTail(node));
        long ms = Duration.between(ev, received).toMillis();
        if (ms < -1000) ms += 86_400_000; // midnight
        LATENCIES.put(what, ms);
        System.out.println(what + ": " + kind + " at " + ev + " -> AsyncNotify response at " + received + " = " + ms + " ms");
        return ms;
    }

    @Test
    @Order(1)
    void rpcclientSignSealSpnegoSeal() throws Exception {
        for (String auth : List.of("sign", "seal", "spnego,seal")) {
            try (Rpcclient c = rpcclient(pair.lifB(), auth)) {
                c.send("GetInterfaceList");
                Rpcclient.Line a = c.await(l -> l.contains("NODE-A"), Duration.ofSeconds(20));
                assertNotNull(a, () -> auth + ": GetInterfaceList\n" + c.transcript());
                assertTrue(a.text().startsWith("*+ NODE-A " + pair.lifA()), () -> auth + ": node A's LIF is witnessed by B\n" + c.transcript());
                Rpcclient.Line b = c.await(l -> l.contains("NODE-B"), Duration.ofSeconds(5));
                assertNotNull(b, () -> auth + ": GetInterfaceList\n" + c.transcript());
                assertTrue(b.text().startsWith(" + NODE-B " + pair.lifB()), () -> auth + ": node B's own LIF\n" + c.transcript());
                String h = registerEx(c, pair.lifA(), "vmstore", 1);
                c.send("AsyncNotify " + h);
                Rpcclient.Line t = c.await(l -> l.contains("WERR_TIMEOUT") || l.contains("with "), Duration.ofSeconds(10));
                assertNotNull(t, () -> auth + ": AsyncNotify keep-alive\n" + c.transcript());
                assertTrue(t.text().contains("WERR_TIMEOUT"), () -> auth + ": keep-alive timeout -> WERR_TIMEOUT\n" + c.transcript());
                c.send("UnRegister " + h);
                c.drain(Duration.ofMillis(300));
            }
        }
    }

    @Test
    @Order(2)
    void smbtortureRpcWitness() throws Exception {
        Cmd.assumeInstalled("smbtorture", "samba-testsuite");
        int floor = Integer.getInteger("casmb.witness.tortureFloor", 6);
        Cmd.Result r = Cmd.run(Duration.ofSeconds(Long.getLong("casmb.witness.tortureSeconds", 330)), List.of("smbtorture",
            binding(pair.lifB(), "sign"), "-U", PairCluster.USER + "%" + PairCluster.PASSWORD,
            "--option=torture:net_name=SVM1", "--option=smb ports=" + pair.smbPort(), "--format=subunit", "rpc.witness"));
        Files.createDirectories(Path.of("target", "torture"));
        Files.writeString(Path.of("target", "torture", "rpc.witness.log"), r.output());
        int pass = 0;
        List<String> failed = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("success: ")) pass++;
            else if (line.startsWith("failure: ") || line.startsWith("error: ")) failed.add(line);
        }
        System.out.println("smbtorture rpc.witness: " + pass + " passed, failing " + failed + (r.timedOut() ? " (timed out)" : ""));
        int p = pass;
        assertTrue(pass >= floor, () -> "rpc.witness passed " + p + " < floor " + floor + "\n" + r.output());
        awaitInterfaces(pair.lifB(), "*+ NODE-A " + pair.lifA(), Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void aggregateRelocationSendsShareMove() throws Exception {
        try (Rpcclient c = rpcclient(pair.lifB(), "sign")) {
            String h = registerEx(c, pair.lifA(), "vmstore", 120);
            c.send("AsyncNotify " + h);
            Thread.sleep(500);
            AdminSsh.Result arl = AdminSsh.run(pair.lifA(),
                "storage aggregate relocation start -node node-a -destination node-b -aggregate-list aggr1");
            assertTrue(arl.status() == 0, arl::toString);
            Rpcclient.Line n = c.await(l -> l.startsWith("Share move") || l.contains("failed"), Duration.ofSeconds(10));
            assertNotNull(n, () -> "no SHARE_MOVE\n" + c.transcript() + "\n" + pair.logTail("node-b"));
            assertTrue(n.text().startsWith("Share move with 1 messages"), c::transcript);
            List<Rpcclient.Line> body = c.drain(Duration.ofMillis(300));
            assertTrue(body.stream().anyMatch(l -> l.text().contains(pair.lifB())), () -> "destination = node B's LIF\n" + c.transcript());
            long ms = latency("SHARE_MOVE (aggregate relocation)", "node-b", "witness.share-move", n.at());
            // forced unregistration a few seconds after the move, so that the client registers again
            Thread.sleep(6_000);
            c.send("AsyncNotify " + h);
            Rpcclient.Line gone = c.await(l -> l.contains("WERR_") || l.contains(" with "), Duration.ofSeconds(5));
            assertNotNull(gone, c::transcript);
            assertTrue(gone.text().contains("WERR_NOT_FOUND"), () -> "registration dropped after the move\n" + c.transcript());
            assertTrue(ms <= MAX_LATENCY_MS, "latency " + ms + " ms");
        } finally {
            AdminSsh.run(pair.lifA(), "storage aggregate relocation start -node node-b -destination node-a -aggregate-list aggr1");
        }
    }

    @Test
    @Order(4)
    void plannedTakeoverSendsClientMove() throws Exception {
        try (Rpcclient c = rpcclient(pair.lifB(), "seal")) {
            String h = registerEx(c, pair.lifA(), null, 120);
            c.send("AsyncNotify " + h);
            Thread.sleep(500);
            AdminSsh.Result r = AdminSsh.run(pair.lifB(), "storage failover takeover -ofnode node-a");
            assertTrue(r.status() == 0, r::toString);
            Rpcclient.Line n = c.await(l -> l.startsWith("Client move") || l.contains("failed"), Duration.ofSeconds(10));
            assertNotNull(n, () -> "no CLIENT_MOVE\n" + c.transcript() + "\n" + pair.logTail("node-b"));
            assertTrue(n.text().startsWith("Client move with"), c::transcript);
            List<Rpcclient.Line> body = c.drain(Duration.ofMillis(300));
            assertTrue(body.stream().anyMatch(l -> l.text().contains(pair.lifA())), () -> "destinations\n" + c.transcript());
            assertTrue(latency("CLIENT_MOVE (planned takeover)", "node-b", "witness.client-move", n.at()) <= MAX_LATENCY_MS);
        } finally {
            AdminSsh.run(pair.lifB(), "storage failover giveback -ofnode node-a");
        }
        awaitInterfaces(pair.lifB(), "*+ NODE-A " + pair.lifA(), Duration.ofSeconds(30));
    }

    @Test
    @Order(5)
    void killOfTheOwnerSendsResourceChange() throws Exception {
        try (Rpcclient c = rpcclient(pair.lifB(), "spnego,seal")) {
            String h = registerEx(c, pair.lifA(), null, 120);
            c.send("AsyncNotify " + h);
            Thread.sleep(500);
            pair.kill("node-a");
            Rpcclient.Line n = c.await(l -> l.startsWith("Resource change") || l.contains("failed"), Duration.ofSeconds(15));
            assertNotNull(n, () -> "no RESOURCE_CHANGE\n" + c.transcript() + "\n" + pair.logTail("node-b"));
            List<Rpcclient.Line> body = c.drain(Duration.ofMillis(300));
            assertTrue(body.stream().anyMatch(l -> l.text().equals(pair.lifA() + " -> Unavailable")), () -> c.transcript());
            long ms = latency("RESOURCE_CHANGE (kill -9 of the owner)", "node-b", "witness.resource-change", n.at());
            // the next AsyncNotify returns the queued AVAILABLE at once: the LIF now answers on node B
            c.send("AsyncNotify " + h);
            Rpcclient.Line again = c.await(l -> l.startsWith("Resource change") || l.contains("failed"), Duration.ofSeconds(5));
            assertNotNull(again, c::transcript);
            assertTrue(c.drain(Duration.ofMillis(300)).stream().anyMatch(l -> l.text().equals(pair.lifA() + " -> Available")),
                c::transcript);
            assertTrue(ms <= MAX_LATENCY_MS, "latency " + ms + " ms");
        }
    }
}
