package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.casmb.ha.bench.SeedingNodeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/DESIGN.md "HA pair acceptance criteria", Restart catch-up (10 000 persistent handles), as an upgrade step:
 * node A holds 10 000 persistent handles (committed through its Raft handle store by the tools module's {@code SeedingNodeMain}) plus one
 * real python3-impacket handle with a byte-range lock. B takes A over (planned), A is killed (the "upgrade") while
 * B keeps committing (the real client reclaims on B), A restarts, catches up from its Raft log and the leader,
 * waits for giveback without serving aggr1, and after the giveback serves every one of the 10 001 handles: the real
 * client reclaims on A with its data and its lock.
 */
class PairRestartCatchUpTest {
    private static final int HANDLES = 10_000;
    private static final Pattern SEEDED = Pattern.compile("bench.seeded: (\\d+) persistent handle\\(s\\) committed in (\\d+) ms .*?(\\d+) failed");
    private static final Pattern ONLINE = Pattern.compile("\\[(node-[ab])\\] aggregate.online: aggregate aggr1 served by node-[ab] .*; (\\d+) persistent handle");
    private static final Pattern READY = Pattern.compile("\\[node-a\\] node.ready: node node-a joined the pair in (\\d+) ms");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRestartedNodeCatchesUpWithTenThousandHandlesAndServesThemAfterGiveback() throws Exception {
        CaClient.assumeImpacket();
        try (PairCluster pair = new PairCluster("restart", "127.0.0.17", 4900)) {
            pair.mainClass("node-a", SeedingNodeMain.class.getName()); // NodeMain, then the seeding
            pair.jvmArgs("node-a", "-Xmx768m", "-Dcasmb.bench.seedHandles=" + HANDLES);
            pair.jvmArgs("node-b", "-Xmx768m");
            pair.startAll();
            Path logA = pair.log("node-a");
            Path logB = pair.log("node-b");
            Matcher seeded = PairCluster.awaitLogLine(logA, SEEDED, 0, 180_000);
            assertNotNull(seeded, "node A did not commit " + HANDLES + " handles\n" + pair.logTail("node-a"));
            assertEquals("0", seeded.group(3), "failed handle commits: " + seeded.group());
            System.out.println("seeded " + HANDLES + " persistent handles in " + seeded.group(2) + " ms");

            String data = "0a0b0c0d" + "11223344";
            String opened;
            try (CaClient.Holder h = CaClient.open(pair.lifA(), pair.smbPort(), "vmstore", "restart.vhdx", data, true)) {
                opened = h.json;
            } // the client goes away: its handle stays, disconnected and reclaimable
            String fid = CaClient.field(opened, "fid");
            String cguid = CaClient.field(opened, "cguid");

            // 1. planned takeover: B serves all of them (once B's admin shell listens)
            assertTrue(PairCluster.awaitPort(pair.lifB(), PairCluster.ADMIN_PORT, 60_000), "B's admin shell\n" + pair.logTail("node-b"));
            AdminSsh.Result t = AdminSsh.run(pair.lifB(), "storage failover takeover -ofnode node-a");
            assertEquals(0, t.status(), t.toString());
            Matcher onB = PairCluster.awaitLogLine(logB, ONLINE, 0, 60_000);
            assertNotNull(onB, "aggr1 not online on B\n" + pair.logTail("node-b"));
            assertTrue(Long.parseLong(onB.group(2)) >= HANDLES + 1, "B loaded " + onB.group(2) + " handles");

            // 2. the "upgrade": A is killed; the group goes on without it (B and the mediator)
            pair.kill("node-a");
            String r1 = CaClient.run(pair.lifA(), pair.smbPort(), "vmstore", "lockcheck", "restart.vhdx", fid, cguid);
            assertEquals("0x00000000", CaClient.field(r1, "status"), "reclaim on B while A is down: " + r1);
            assertEquals(data, CaClient.field(r1, "data"));

            // 3. A restarts (without the seeder) and catches up before it serves anything
            pair.jvmArgs("node-a", "-Xmx768m");
            long restartAt = System.currentTimeMillis();
            pair.start("node-a", "dev.casmb.ha.launch.NodeMain", "node-a.yaml");
            Matcher ready = PairCluster.awaitLogLine(logA, READY, restartAt, 120_000);
            assertNotNull(ready, "restarted node A never became ready\n" + pair.logTail("node-a"));
            long readyWall = System.currentTimeMillis() - restartAt;
            assertTrue(PairCluster.awaitPort(pair.lifB(), PairCluster.ADMIN_PORT, 30_000), "admin shell");
            AdminSsh.Result show = AdminSsh.run(pair.lifB(), "storage failover show");
            assertTrue(show.out().contains("In takeover"), "B still holds aggr1 until the giveback: " + show);
            assertTrue(PairCluster.awaitLogLine(logA, ONLINE, restartAt, 1) == null, "A served aggr1 before the giveback\n" + pair.logTail("node-a"));

            // 4. giveback: A serves the 10 001 handles from its caught-up replica
            long gbAt = System.currentTimeMillis();
            AdminSsh.Result gb = AdminSsh.run(pair.lifB(), "storage failover giveback -ofnode node-a");
            assertEquals(0, gb.status(), gb.toString());
            Matcher onA = PairCluster.awaitLogLine(logA, ONLINE, gbAt, 60_000);
            assertNotNull(onA, "aggr1 not online on A after giveback\n" + pair.logTail("node-a"));
            assertTrue(Long.parseLong(onA.group(2)) >= HANDLES + 1, "A loaded " + onA.group(2) + " handles after the restart");
            String r2 = CaClient.run(pair.lifA(), pair.smbPort(), "vmstore", "lockcheck", "restart.vhdx", fid, cguid);
            assertEquals("0x00000000", CaClient.field(r2, "status"), "reclaim on A after restart and giveback: " + r2
                + "\n" + pair.logTail("node-a"));
            assertEquals(data, CaClient.field(r2, "data"));
            assertEquals("0xC0000055", CaClient.field(r2, "other_lock"), "the lock survived takeover, restart and giveback");
            System.out.printf("restart with %d persistent handles: node A ready (caught up) %s ms after start (%d ms wall, "
                + "JVM start included); giveback: %s handles online on A%n", HANDLES + 1, ready.group(1), readyWall, onA.group(2));
        }
    }
}
