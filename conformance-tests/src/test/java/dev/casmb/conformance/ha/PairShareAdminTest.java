package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.client.SmbClient;
import dev.casmb.client.SmbFile;
import dev.casmb.conformance.Cmd;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md "HA pair acceptance criteria", Non-disruptive upgrade: a CA share created from node A's admin
 * shell is replicated through the pair's Raft state. It is served at once by the owner of its aggregate (node A)
 * with persistent handles, listed on node B, served by node B after a takeover (the persistent handle is reclaimed
 * there), served by node A again after A restarts and gets its aggregate back by giveback, a modify (encrypt-data)
 * applies to new tree connects at once, and after a delete typed on node B, node A stops serving it (its open
 * closed, tree connects get NT_STATUS_BAD_NETWORK_NAME) while the data stays on disk. Clients: smbclient and the
 * project's CA client ({@code dev.casmb.client.SmbClient}).
 */
class PairShareAdminTest {
    private static final String SHARE = "sqlca";
    private static PairCluster pair;

    @BeforeAll
    static void up() throws Exception {
        Cmd.assumeInstalled("smbclient", "smbclient");
        pair = new PairCluster("shares", "127.0.0.19", 4900);
        pair.startAll();
        assertTrue(PairCluster.awaitPort(pair.lifA(), PairCluster.ADMIN_PORT, 60_000), "admin shell on node A");
        assertTrue(PairCluster.awaitPort(pair.lifB(), PairCluster.ADMIN_PORT, 60_000), "admin shell on node B");
    }

    @AfterAll
    static void down() throws Exception {
        if (pair != null) pair.close();
    }

    private static Cmd.Result smbclient(String host, String commands) throws Exception {
        return smbclient(host, commands, "SMB3");
    }

    private static Cmd.Result smbclient(String host, String commands, String maxProtocol) throws Exception {
        return Cmd.run(Duration.ofSeconds(30), List.of("smbclient", "//" + host + "/" + SHARE, "-p", Integer.toString(pair.smbPort()),
            "-U", PairCluster.USER + "%" + PairCluster.PASSWORD, "-m", maxProtocol, "-c", commands));
    }

    /** The CA client; it retries a lost connection (and BAD_NETWORK_NAME) until {@code reconnectMs}. */
    private static SmbClient caClient(String host, long reconnectMs) throws Exception {
        return SmbClient.connect(SmbClient.Config.of(List.of(new InetSocketAddress(host, pair.smbPort())), SHARE, PairCluster.USER,
            PairCluster.PASSWORD).withReconnectDeadlineMs(reconnectMs));
    }

    private static AdminSsh.Result ssh(String host, String command) throws Exception {
        AdminSsh.Result r = AdminSsh.run(host, command);
        System.out.println(host + "> " + command + "\n" + r.out().trim());
        return r;
    }

    private String logs() {
        return "\n--- node-a\n" + pair.logTail("node-a") + "\n--- node-b\n" + pair.logTail("node-b");
    }

    @Test
    void createUseTakeoverAndDeleteACaShareFromTheShell() throws Exception {
        long t0 = System.nanoTime();
        AdminSsh.Result created = ssh(pair.lifA(), "vserver cifs share create -share-name " + SHARE
            + " -path /aggr1/sqlca -share-properties continuously-available -comment \"SQL on CA\"");
        assertEquals(0, created.status(), created.toString());
        assertTrue(Files.isDirectory(pair.dir().resolve("aggr1/sqlca")), "directory created under the base directory");

        // a real client uses it on node A at once (no restart)
        Path local = Files.createTempFile("casmb-share", ".txt");
        Files.writeString(local, "hello from smbclient\n");
        Cmd.Result put = smbclient(pair.lifA(), "put " + local + " hello.txt; ls");
        assertEquals(0, put.exit(), put + logs());
        assertTrue(put.output().contains("hello.txt"), put.toString());
        assertEquals("hello from smbclient\n", Files.readString(pair.dir().resolve("aggr1/sqlca/hello.txt")));

        // the CA client gets a continuously-available share and a persistent handle
        byte[] data = "persistent data on sqlca".getBytes(StandardCharsets.US_ASCII);
        try (SmbClient ca = caClient(pair.lifA(), 15_000)) {
            assertTrue(ca.shareIsContinuouslyAvailable(), "TREE_CONNECT announces SHARE_CAP_CONTINUOUS_AVAILABILITY");
            SmbFile f = ca.open("db.mdf", true, true);
            assertTrue(f.isPersistent(), "a persistent handle (DH2Q with the persistent flag granted)");
            f.write(0, data, 0, data.length, true);

            // node B lists it (the replicated state), in the shell and through srvsvc
            AdminSsh.Result showB = ssh(pair.lifB(), "vserver cifs share show -share-name " + SHARE);
            assertTrue(showB.out().matches("(?s).*SVM1\\s+sqlca\\s+/aggr1/sqlca\\s+\\S*continuously-available\\S*\\s+SQL on CA.*"),
                showB.toString());
            Cmd.Result list = Cmd.run(Duration.ofSeconds(30), List.of("smbclient", "-L", "//" + pair.lifB(), "-p",
                Integer.toString(pair.smbPort()), "-U", PairCluster.USER + "%" + PairCluster.PASSWORD));
            assertTrue(list.output().matches("(?s).*sqlca\\s+Disk\\s+SQL on CA.*"), "smbclient -L on node B: " + list);

            // takeover: node B serves the share, and the persistent handle is reclaimed there
            AdminSsh.Result takeover = ssh(pair.lifB(), "storage failover takeover -ofnode node-a");
            assertEquals(0, takeover.status(), takeover + logs());
            assertArrayEquals(data, f.read(0, data.length), "read through the reclaimed handle, now on node B" + logs());
            assertTrue(ca.reconnects().size() >= 1, "the client reconnected to node B and reclaimed: " + ca.reconnects());
            f.close();
        }
        Cmd.Result onB = smbclient(pair.lifB(), "ls");
        assertEquals(0, onB.exit(), "node B's own LIF serves the share after the takeover: " + onB + logs());
        assertTrue(onB.output().contains("db.mdf") && onB.output().contains("hello.txt"), onB.toString());

        // node A restarts (its share set comes back from the Raft log/snapshot) and gets aggr1 back by giveback
        pair.kill("node-a");
        pair.start("node-a", "dev.casmb.ha.launch.NodeMain", "node-a.yaml");
        AdminSsh.Result gb = null;
        for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end; Thread.sleep(500)) {
            if (!PairCluster.awaitPort(pair.lifA(), PairCluster.ADMIN_PORT, 500)) continue;
            gb = ssh(pair.lifB(), "storage failover giveback -ofnode node-a");
            if (gb.status() == 0) break;
        }
        assertTrue(gb != null && gb.status() == 0, "giveback to the restarted node A: " + gb + logs());
        Cmd.Result onA = smbclient(pair.lifA(), "ls");
        assertEquals(0, onA.exit(), "node A serves the share again after its restart and the giveback: " + onA + logs());
        assertTrue(onA.output().contains("db.mdf"), onA.toString());

        // delete, typed on node B (which no longer owns aggr1): node A stops serving it, its opens are closed
        try (SmbClient held = caClient(pair.lifA(), 1_000)) { // closing it after the delete gives up quickly
            held.open("held.dat", true, true).write(0, data, 0, data.length, true);
            AdminSsh.Result opens = ssh(pair.lifA(), "vserver cifs open show -share " + SHARE);
            assertTrue(opens.out().contains("held.dat"), opens.toString());

            // modify: new tree connects must encrypt; the client already connected keeps working
            Cmd.Result before = smbclient(pair.lifA(), "ls", "SMB2");
            assertEquals(0, before.exit(), "SMB 2.1 is fine before the modify: " + before);
            AdminSsh.Result mod = ssh(pair.lifA(), "vserver cifs share modify -share-name " + SHARE
                + " -share-properties continuously-available,encrypt-data -comment \"encrypted now\"");
            assertEquals(0, mod.status(), mod.toString());
            // (MS-SMB2 3.3.5.7: a client that cannot encrypt, here SMB 2.1, is refused; an SMB 3 client encrypts)
            Cmd.Result smb2 = smbclient(pair.lifA(), "ls", "SMB2");
            assertTrue(smb2.output().contains("NT_STATUS_ACCESS_DENIED"), "SMB 2.1 tree connect after the modify: " + smb2);
            Cmd.Result smb3 = smbclient(pair.lifA(), "ls");
            assertEquals(0, smb3.exit(), "SMB 3 tree connect after the modify: " + smb3 + logs());
            assertTrue(ssh(pair.lifB(), "vserver cifs share show -share-name " + SHARE).out().contains("encrypt-data"));
            held.open("held2.dat", true, true).write(0, data, 0, data.length, true);
            AdminSsh.Result deleted = ssh(pair.lifB(), "vserver cifs share delete -share-name " + SHARE);
            assertEquals(0, deleted.status(), deleted.toString());
            Cmd.Result gone = null;
            for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
                gone = smbclient(pair.lifA(), "ls");
                if (gone.output().contains("NT_STATUS_BAD_NETWORK_NAME")) break;
            }
            assertTrue(gone.output().contains("NT_STATUS_BAD_NETWORK_NAME"), "tree connect after the delete: " + gone + logs());
            AdminSsh.Result after = ssh(pair.lifA(), "vserver cifs open show -share " + SHARE);
            assertFalse(after.out().contains("held"), "the deleted share's opens are closed (also those of a tree connected "
                + "before the modify): " + after);
        }
        for (String host : List.of(pair.lifA(), pair.lifB())) {
            AdminSsh.Result show = ssh(host, "vserver cifs share show");
            assertFalse(show.out().contains(SHARE), show.toString());
            assertTrue(show.out().contains("vmstore"), show.toString());
            AdminSsh.Result ev = ssh(host, "event log show -event share.");
            assertTrue(ev.out().contains("share.deleted"), "event log on " + host + ": " + ev);
        }
        assertTrue(ssh(pair.lifB(), "event log show -event share.created").out().contains(SHARE), "node B logged the create");
        assertTrue(Files.exists(pair.dir().resolve("aggr1/sqlca/db.mdf")), "the data stays on disk");
        System.out.println("share create/use/takeover/delete: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
