package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Planned takeover, giveback and aggregate relocation driven through the admin SSH shell, with a
 * persistent handle held by an independent client (impacket): after each step the handle shows as
 * disconnected on the new owner and the client reclaims it with DH2C and reads its data back.
 */
class PairPlannedTest {
    private static PairCluster pair;

    @BeforeAll
    static void up() throws Exception {
        CaClient.assumeImpacket();
        pair = new PairCluster("planned", "127.0.0.8", 4500);
        pair.startAll();
        waitForAdmin(pair.lifA());
        waitForAdmin(pair.lifB());
    }

    static void waitForAdmin(String host) throws InterruptedException {
        assertTrue(PairCluster.awaitPort(host, PairCluster.ADMIN_PORT, 60_000), "admin shell on " + host);
    }

    @AfterAll
    static void down() throws Exception {
        if (pair != null) pair.close();
    }

    private static void reclaim(String host, String opened, String data, String when) throws Exception {
        String r = CaClient.run(host, pair.smbPort(), "vmstore", "reclaim", "sql.ldf", CaClient.field(opened, "fid"),
            CaClient.field(opened, "cguid"));
        assertEquals("0x00000000", CaClient.field(r, "status"), when + ": " + r + "\n" + pair.logTail("node-a") + "\n" + pair.logTail("node-b"));
        assertEquals(data, CaClient.field(r, "data"), when);
    }

    @Test
    void smbclientListsTheSharesThroughSrvsvc() throws Exception {
        dev.casmb.conformance.Cmd.Result r = dev.casmb.conformance.Cmd.run(java.time.Duration.ofSeconds(60), java.util.List.of(
            "smbclient", "-L", "//" + pair.lifA(), "-p", Integer.toString(pair.smbPort()), "-U",
            PairCluster.USER + "%" + PairCluster.PASSWORD));
        assertTrue(r.output().matches("(?s).*vmstore\\s+Disk.*") && r.output().matches("(?s).*public\\s+Disk.*")
            && r.output().contains("IPC$"), "smbclient -L over IPC$/srvsvc: " + r);
    }

    @Test
    void takeoverGivebackAndRelocationKeepThePersistentHandle() throws Exception {
        String data = "5a5a5a5a0102030405060708";
        String opened;
        try (CaClient.Holder h = CaClient.open(pair.lifA(), pair.smbPort(), "vmstore", "sql.ldf", data, false)) {
            opened = h.json;
            long t0 = System.nanoTime();
            AdminSsh.Result r = AdminSsh.run(pair.lifB(), "storage failover takeover -ofnode node-a");
            assertEquals(0, r.status(), r.toString());
            System.out.println("planned takeover: " + r.out().trim() + " (wall " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        }
        AdminSsh.Result show = AdminSsh.run(pair.lifB(), "storage failover show");
        assertTrue(show.out().contains("In takeover"), show.toString());
        AdminSsh.Result opens = AdminSsh.run(pair.lifB(), "vserver cifs open show");
        assertTrue(opens.out().contains("sql.ldf") && opens.out().contains("disconnected"), opens.toString());
        reclaim(pair.lifA(), opened, data, "after planned takeover (LIF now on node B)");
        // B serves everything now: Raft leadership moves to it (3 s later), so its commits skip a hop
        awaitLeader("node-b", pair.lifB());

        AdminSsh.Result gb = AdminSsh.run(pair.lifB(), "storage failover giveback -ofnode node-a");
        assertEquals(0, gb.status(), gb.toString());
        System.out.println("giveback: " + gb.out().trim());
        AdminSsh.Result lifs = AdminSsh.run(pair.lifA(), "network interface show");
        assertTrue(lifs.out().matches("(?s).*lif_a\\s+up/up\\s+\\S+\\s+node-a.*"), lifs.toString());
        reclaim(pair.lifA(), opened, data, "after giveback (node A again)");
        // Raft leadership follows the data: A serves aggr1 again, so it asks to lead (3 s after the giveback)
        awaitLeader("node-a", pair.lifA());
        reclaim(pair.lifA(), opened, data, "after the leadership moved to node A");

        AdminSsh.Result arl = AdminSsh.run(pair.lifA(),
            "storage aggregate relocation start -node node-a -destination node-b -aggregate-list aggr1");
        assertEquals(0, arl.status(), arl.toString());
        System.out.println("aggregate relocation: " + arl.out().trim());
        reclaim(pair.lifB(), opened, data, "after relocation (through node B's own LIF)");
        AdminSsh.Result aggr = AdminSsh.run(pair.lifB(), "storage aggregate show");
        assertTrue(aggr.out().matches("(?s).*aggr1.*node-a\\s+node-b.*"), aggr.toString());
    }

    /** Polls {@code cluster ring show} on {@code host} until {@code node} is the Raft leader (20 s). */
    private static void awaitLeader(String node, String host) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        AdminSsh.Result ring;
        do {
            Thread.sleep(500);
            ring = AdminSsh.run(host, "cluster ring show");
        } while (!ring.out().matches("(?s).*" + node + "\\s+leader.*") && System.currentTimeMillis() < until);
        assertTrue(ring.out().matches("(?s).*" + node + "\\s+leader.*"), "the serving node " + node + " leads the Raft group: " + ring);
    }
}
