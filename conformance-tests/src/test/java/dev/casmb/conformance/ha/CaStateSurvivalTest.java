package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Black-box check that the state of a persistent (CA) handle survives what it must survive, on a real
 * loopback pair (mediator + node A + node B; aggr1 with the CA share vmstore homed on node A), driven by an
 * independent client (src/test/python/ca_state.py, impacket). H is the handle's owner, X another client.
 * Items (one test each):
 * <ol>
 * <li>a truncating open (OVERWRITE / SUPERSEDE) respects share modes, also of a disconnected handle;</li>
 * <li>a rename through the handle is persisted across a planned takeover;</li>
 * <li>delete-pending (SET_INFO disposition, or FILE_DELETE_ON_CLOSE) is persisted;</li>
 * <li>the AppInstanceId is restored (another client with the same id closes the old handle);</li>
 * <li>oplock level and lease state/epoch (also after a break + ack) are mirrored;</li>
 * <li>a per-handle lock limit ({@code -Dcasmb.maxLocksPerHandle=64}) is enforced and the locks survive;</li>
 * <li>restart of the owner while the partner is down keeps the handle (conflicts, reclaim, locks);</li>
 * <li>a frozen (SIGSTOP) old owner, resumed after the takeover, never touches the data.</li>
 * </ol>
 * Every assertion message carries the observed JSON and the tail of both nodes' logs. Within an item, all
 * sub-checks are gathered and reported together (assertAll), so that one run shows every observation.
 * <p>Run with the server modules in the reactor, so that the pair runs this checkout's code and not whatever
 * another checkout last installed into ~/.m2 (same coordinates):
 * {@code mvn -B verify -pl conformance-tests -am -Dtest=CaStateSurvivalTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * Addresses 127.0.0.230/231/232, ports from 5100; items 1-6 and 8 share one pair, item 7 starts its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaStateSurvivalTest {
    private static final String IP_BASE = "127.0.0.23";
    private static final int PORT_BASE = 5100;
    static final String OK = "0x00000000";
    static final String SHARING_VIOLATION = "0xC0000043";
    static final String FILE_NOT_AVAILABLE = "0xC0000467";
    static final String OBJECT_NAME_NOT_FOUND = "0xC0000034";
    static final String INSUFFICIENT_RESOURCES = "0xC000009A";
    static final String LOCK_NOT_GRANTED = "0xC0000055";
    static final String FILE_LOCK_CONFLICT = "0xC0000054";
    /** read + write + attributes + synchronize (the ca_client.py default). */
    static final int RW = 0x0012019F;
    /** RW + DELETE: rename and delete-on-close need DELETE access. */
    static final int RWD = 0x0013019F;
    /** How long node A stays frozen in item 8 (its handle's durable timeout is 4 s). */
    static final long FROZEN_MS = 6_500;
    static final int EXCL_NOWAIT = 0x12; // SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY

    private static PairCluster pair;
    private static String pairName;
    private boolean takenOver;
    private final List<Session> sessions = new ArrayList<>();

    @BeforeAll
    static void assume() throws Exception {
        CaClient.assumeImpacket();
    }

    /** The shared pair (started on first use; item 7 replaces it with its own). */
    private static PairCluster pair() throws Exception {
        if (pair == null) startPair("ca-state");
        return pair;
    }

    private static void startPair(String name) throws Exception {
        long t0 = System.nanoTime();
        PairCluster p = new PairCluster(name, IP_BASE, PORT_BASE);
        p.jvmArgs("node-a", "-Dcasmb.maxLocksPerHandle=64");
        p.jvmArgs("node-b", "-Dcasmb.maxLocksPerHandle=64");
        pair = p;
        pairName = name;
        p.startAll();
        assertTrue(PairCluster.awaitPort(p.lifA(), PairCluster.ADMIN_PORT, 60_000), "admin shell on node A");
        assertTrue(PairCluster.awaitPort(p.lifB(), PairCluster.ADMIN_PORT, 60_000), "admin shell on node B");
        System.out.println("[ca-state] pair " + name + " up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterEach
    void cleanup() throws Exception {
        for (Session s : sessions) s.drop();
        sessions.clear();
        if (takenOver && pair != null) {
            // leave node A owning aggr1 for the next item
            try {
                AdminSsh.Result gb = AdminSsh.run(pair.lifB(), "storage failover giveback -ofnode node-a");
                System.out.println("[ca-state] cleanup giveback: " + gb);
            } catch (IOException e) {
                System.out.println("[ca-state] cleanup giveback failed: " + e);
            }
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (pair != null) pair.close();
        pair = null;
    }

    // ------------------------------------------------------------------ items

    @Test
    @Order(1)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item1TruncatingOpenRespectsShareModes() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        String data = pattern(4096, 0x11);
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("t1.bin", RW, 1, 3, 0x40, "\"dh2q\":{}"));
        require(OK, open, "item1: H's persistent open of t1.bin with ShareAccess=READ");
        String w = h.cmd(write(f(open, "fid"), 0, data));
        require(OK, w, "item1: H writes 4096 bytes");

        Session x = session(pair.lifA(), null);
        String ov = x.cmd(create("t1.bin", 0x80, 7, 4, 0x40, "\"close\":true"));
        check(checks, "item1a: X OVERWRITE (READ_ATTRIBUTES, share 7) while H is connected", SHARING_VIOLATION, ov);
        String sup = x.cmd(create("t1.bin", 0x80, 7, 0, 0x40, "\"close\":true"));
        check(checks, "item1b: X SUPERSEDE (READ_ATTRIBUTES, share 7) while H is connected", SHARING_VIOLATION, sup);

        h.drop();
        Thread.sleep(500);
        String ov2 = x.cmd(create("t1.bin", 0x80, 7, 4, 0x40, "\"close\":true"));
        check(checks, "item1c: X OVERWRITE while H's handle is disconnected", FILE_NOT_AVAILABLE, ov2);
        String sup2 = x.cmd(create("t1.bin", 0x80, 7, 0, 0x40, "\"close\":true"));
        check(checks, "item1d: X SUPERSEDE while H's handle is disconnected", FILE_NOT_AVAILABLE, sup2);

        Session h2 = session(pair.lifA(), null);
        String rc = h2.cmd(reclaim("t1.bin", open, ""));
        check(checks, "item1e: H reclaims t1.bin (DH2C)", OK, rc);
        if (OK.equals(f(rc, "status"))) {
            String rd = h2.cmd(read(f(rc, "fid"), 0, 8192));
            checkData(checks, "item1f: H reads back all 4096 bytes unchanged", data, rd);
        }
        assertAll("item1", checks);
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item2RenameIsPersisted() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        String data1 = hex("DATA1-original-handle");
        String data2 = hex("DATA2-new-file");
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("r1.txt", RWD, 7, 3, 0x40, "\"dh2q\":{}"));
        require(OK, open, "item2: H's persistent open of r1.txt");
        require(OK, h.cmd(write(f(open, "fid"), 0, data1)), "item2: H writes DATA1");
        String ren = h.cmd("{\"op\":\"rename\",\"fid\":\"" + f(open, "fid") + "\",\"to\":\"r1-renamed.txt\"}");
        require(OK, ren, "item2: H renames r1.txt -> r1-renamed.txt through the handle");
        h.drop();
        Thread.sleep(300);

        Session x = session(pair.lifA(), null);
        String xc = x.cmd(create("r1.txt", RW, 7, 2, 0x40, ""));
        check(checks, "item2a: X creates a new r1.txt (FILE_CREATE) after the rename", OK, xc);
        if (OK.equals(f(xc, "status"))) {
            x.cmd(write(f(xc, "fid"), 0, data2));
            x.cmd(close(f(xc, "fid")));
        }
        x.drop();

        takeover();
        Session h2 = session(pair.lifA(), null);
        String rc = h2.cmd(reclaim("r1-renamed.txt", open, ""));
        check(checks, "item2b: H reclaims by its current name r1-renamed.txt after the planned takeover", OK, rc);
        if (OK.equals(f(rc, "status"))) {
            String rd = h2.cmd(read(f(rc, "fid"), 0, 4096));
            checkData(checks, "item2c: the reclaimed handle reads DATA1 (not the new r1.txt's DATA2)", data1, rd);
        }
        assertAll("item2", checks);
    }

    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item3DeletePendingIsPersisted() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        Session h = session(pair.lifA(), null);
        String o1 = h.cmd(create("d1.txt", RWD, 7, 3, 0x40, "\"dh2q\":{}"));
        require(OK, o1, "item3: H's persistent open of d1.txt");
        require(OK, h.cmd(write(f(o1, "fid"), 0, hex("to be deleted 1"))), "item3: write d1.txt");
        String disp = h.cmd("{\"op\":\"disposition\",\"fid\":\"" + f(o1, "fid") + "\",\"delete\":1}");
        require(OK, disp, "item3: H sets FileDispositionInformation(1) on d1.txt");
        String o2 = h.cmd(create("d2.txt", RWD, 7, 3, 0x1040, "\"dh2q\":{}"));
        require(OK, o2, "item3: H's persistent open of d2.txt with FILE_DELETE_ON_CLOSE");
        require(OK, h.cmd(write(f(o2, "fid"), 0, hex("to be deleted 2"))), "item3: write d2.txt");
        h.drop();
        Thread.sleep(300);

        takeover();
        Session h2 = session(pair.lifA(), null);
        Session x = session(pair.lifA(), null);
        for (String[] v : new String[][] {{"d1.txt", o1, "SET_INFO FileDispositionInformation"},
            {"d2.txt", o2, "CREATE option FILE_DELETE_ON_CLOSE"}}) {
            String rc = h2.cmd(reclaim(v[0], v[1], ""));
            check(checks, "item3 (" + v[2] + "): H reclaims " + v[0] + " after the planned takeover", OK, rc);
            if (OK.equals(f(rc, "status"))) {
                String cl = h2.cmd(close(f(rc, "fid")));
                check(checks, "item3 (" + v[2] + "): H closes the reclaimed " + v[0], OK, cl);
            }
            String fresh = x.cmd(create(v[0], 0x80, 7, 1, 0x40, "\"close\":true"));
            check(checks, "item3 (" + v[2] + "): a fresh open of " + v[0] + " after the close", OBJECT_NAME_NOT_FOUND, fresh);
        }
        assertAll("item3", checks);
    }

    @Test
    @Order(4)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item4AppInstanceIdIsRestored() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        String appId = "00112233445566778899aabbccddeeff";
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("vm1.vhdx", RW, 0, 3, 0x40, "\"dh2q\":{},\"appid\":\"" + appId + "\""));
        require(OK, open, "item4: H's persistent open of vm1.vhdx with an AppInstanceId");
        h.drop();
        Thread.sleep(300);

        takeover();
        Session x = session(pair.lifA(), null);
        assertNotEquals(f(h.hello, "client_guid"), f(x.hello, "client_guid"),
            "item4: the second client must have another ClientGuid: " + h.hello + " / " + x.hello);
        String xo = x.cmd(create("vm1.vhdx", RW, 0, 3, 0x40, "\"dh2q\":{},\"appid\":\"" + appId + "\""));
        check(checks, "item4a: another client's open with the same AppInstanceId (share 0) closes the old handle", OK, xo);
        Session h2 = session(pair.lifA(), null);
        String rc = h2.cmd(reclaim("vm1.vhdx", open, ""));
        check(checks, "item4b: H's DH2C of the replaced handle", OBJECT_NAME_NOT_FOUND, rc);
        assertAll("item4", checks);
    }

    @Test
    @Order(5)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item5aBatchOplockIsMirrored() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("o1.txt", RW, 7, 3, 0x40, "\"dh2q\":{},\"oplock\":9"));
        require(OK, open, "item5a: H's persistent open of o1.txt with a BATCH oplock");
        checkNum(checks, "item5a: the open is granted a BATCH oplock", 9, open, "oplock");
        h.drop();
        Thread.sleep(300);
        takeover();
        Session h2 = session(pair.lifA(), null);
        String rc = h2.cmd(reclaim("o1.txt", open, "\"oplock\":9,"));
        check(checks, "item5a: H reclaims o1.txt (DH2C, RequestedOplockLevel BATCH)", OK, rc);
        checkNum(checks, "item5a: the reclaim returns OplockLevel BATCH", 9, rc, "oplock");
        assertAll("item5a", checks);
    }

    @Test
    @Order(6)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void item5bLeaseStateAndEpochAreMirrored() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        String key = "0df0dde0fe0fdcbaf20f221f01f0a5b5";
        String seed = "ca-state-lease-holder"; // the same ClientGuid on every H connection (a leased DH2C needs it)
        Session h = session(pair.lifA(), seed);
        String open = h.cmd(create("l1.txt", RW, 7, 3, 0x40, "\"dh2q\":{},\"lease\":{\"key\":\"" + key + "\",\"state\":7}"));
        require(OK, open, "item5b: H's persistent open of l1.txt with a v2 RWH lease");
        checkNum(checks, "item5b: the open is granted RWH", 7, open, "lease_state");
        int epoch0 = num(open, "lease_epoch");
        h.drop();
        Thread.sleep(300);
        takeover();

        Session h2 = session(pair.lifA(), seed);
        assertEquals(f(h.hello, "client_guid"), f(h2.hello, "client_guid"), "item5b: H keeps its ClientGuid");
        String rc = h2.cmd(reclaim("l1.txt", open, "\"lease\":{\"key\":\"" + key + "\",\"state\":7},"));
        check(checks, "item5b: H reclaims l1.txt on node B (DH2C + same lease key)", OK, rc);
        checkNum(checks, "item5b: the reclaim returns lease state RWH", 7, rc, "lease_state");
        checkNum(checks, "item5b: the reclaim returns the granted epoch " + epoch0, epoch0, rc, "lease_epoch");
        if (!OK.equals(f(rc, "status"))) {
            assertAll("item5b (no reclaim, break/ack part skipped)", checks);
            return;
        }

        // X reads l1.txt from another client: H's W must be broken (RWH -> RH); H acknowledges
        Session x = session(pair.lifA(), null);
        x.send(create("l1.txt", 0x00120089, 7, 1, 0x40, ""));
        String brk = h2.cmd("{\"op\":\"wait_break\",\"timeout\":15}");
        check(checks, "item5b: H receives a lease break notification on node B", "lease", brk, "kind");
        int acked = 7;
        int breakEpoch = epoch0;
        if ("lease".equals(f(brk, "kind"))) {
            acked = num(brk, "new_state");
            breakEpoch = num(brk, "new_epoch");
            String ack = h2.cmd("{\"op\":\"lease_ack\",\"key\":\"" + key + "\",\"state\":" + acked + "}");
            check(checks, "item5b: H's LEASE_BREAK ack to state " + acked, OK, ack);
        }
        String xo = x.recv(60_000);
        check(checks, "item5b: X's read open completes after the break", OK, xo);
        if (OK.equals(f(xo, "status"))) x.cmd(close(f(xo, "fid")));
        x.drop();
        h2.drop();
        Thread.sleep(300);

        giveback();
        Session h3 = session(pair.lifA(), seed);
        String rc2 = h3.cmd(reclaim("l1.txt", open, "\"lease\":{\"key\":\"" + key + "\",\"state\":" + acked + "},"));
        check(checks, "item5b: H reclaims l1.txt on node A after the giveback", OK, rc2);
        checkNum(checks, "item5b: after the giveback the lease state is the acknowledged one (" + acked + "), not the pre-break RWH",
            acked, rc2, "lease_state");
        final int be = breakEpoch;
        final String r2 = rc2;
        checks.add(() -> assertTrue(r2.contains("\"lease_epoch\"") && num(r2, "lease_epoch") >= be,
            "item5b: after the giveback the lease epoch is >= the post-break epoch " + be + ": " + diag(r2)));
        assertAll("item5b", checks);
    }

    @Test
    @Order(7)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item6LockLimitPerPersistentHandle() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("lk.bin", RW, 7, 3, 0x40, "\"dh2q\":{}"));
        require(OK, open, "item6: H's persistent open of lk.bin");
        require(OK, h.cmd(write(f(open, "fid"), 0, pattern(256, 0x33))), "item6: write lk.bin");
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            String l = h.cmd(lock(f(open, "fid"), i, 1));
            if (!OK.equals(f(l, "status"))) bad.append("offset ").append(i).append(": ").append(l).append('\n');
        }
        final String badLocks = bad.toString();
        checks.add(() -> assertTrue(badLocks.isEmpty(), "item6a: the first 64 locks are granted:\n" + diag(badLocks)));
        String l65 = h.cmd(lock(f(open, "fid"), 64, 1));
        check(checks, "item6b: the 65th lock (offset 64) is refused up front", INSUFFICIENT_RESOURCES, l65);
        h.drop();
        Thread.sleep(300);
        takeover();
        Session h2 = session(pair.lifA(), null);
        String rc = h2.cmd(reclaim("lk.bin", open, ""));
        check(checks, "item6c: H reclaims lk.bin after the planned takeover", OK, rc);
        Session x = session(pair.lifA(), null);
        String xo = x.cmd(create("lk.bin", RW, 7, 1, 0x40, ""));
        require(OK, xo, "item6: X opens lk.bin");
        String x63 = x.cmd(lock(f(xo, "fid"), 63, 1));
        checks.add(() -> assertTrue(LOCK_NOT_GRANTED.equals(f(x63, "status")) || FILE_LOCK_CONFLICT.equals(f(x63, "status")),
            "item6d: X's lock of byte 63 (held by H) is refused: " + diag(x63)));
        String x64 = x.cmd(lock(f(xo, "fid"), 64, 1));
        check(checks, "item6e: X's lock of byte 64 (refused to H) is granted", OK, x64);
        assertAll("item6", checks);
    }

    @Test
    @Order(8)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void item8FrozenOldOwnerNeverTouchesTheData() throws Exception {
        pair();
        List<Executable> checks = new ArrayList<>();
        String data = hex("DATA-frozen-owner");
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("f1.txt", RWD, 7, 3, 0x1040, "\"dh2q\":{\"timeout\":4000}"));
        require(OK, open, "item8: H's persistent open of f1.txt with FILE_DELETE_ON_CLOSE and a 4 s timeout");
        require(OK, h.cmd(write(f(open, "fid"), 0, data)), "item8: write f1.txt");
        h.drop();
        pair.signal("node-a", "STOP");
        long frozenAt = System.currentTimeMillis();
        boolean stopped = true;
        try {
            long t0 = System.currentTimeMillis();
            String show = "";
            while (System.currentTimeMillis() - t0 < 20_000) {
                try {
                    show = AdminSsh.run(pair.lifB(), "storage failover show").out();
                } catch (IOException e) {
                    show = e.toString();
                }
                if (show.contains("In takeover")) break;
                Thread.sleep(300);
            }
            final String sh = show;
            assertTrue(sh.contains("In takeover"), "item8: node B takes over frozen node A within 20 s: " + diag(sh));
            System.out.println("[ca-state] item8: B in takeover " + (System.currentTimeMillis() - t0) + " ms after SIGSTOP of A");
            // A (frozen) still holds its sockets on lif_a: reclaim through node B's own LIF
            Session h2 = null;
            String rc = null;
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                h2 = sessionMaybe(pair.lifB(), null);
                if (h2 == null) {
                    Thread.sleep(200);
                    continue;
                }
                rc = h2.cmd(reclaim("f1.txt", open, ""));
                if (OK.equals(f(rc, "status"))) break;
                Thread.sleep(200);
            }
            require(OK, rc, "item8: H reclaims f1.txt on node B (through B's LIF " + pair.lifB() + ")");
            // keep A frozen beyond the 4 s timeout of the handle it saw disconnect, so that its timer is overdue the
            // moment it resumes (before it can learn that it lost aggr1): the harshest case for "never touches"
            long frozenFor = FROZEN_MS - (System.currentTimeMillis() - frozenAt);
            if (frozenFor > 0) Thread.sleep(frozenFor);
            System.out.println("[ca-state] item8: A resumed after " + (System.currentTimeMillis() - frozenAt) + " ms frozen");
            pair.signal("node-a", "CONT");
            stopped = false;
            Thread.sleep(8_000); // beyond the 4 s durable timeout that was running on A when it froze
            String rd = h2.cmd(read(f(rc, "fid"), 0, 4096));
            checkData(checks, "item8a: H, still connected on B, reads DATA through its handle after A resumed", data, rd);
            Session x = session(pair.lifB(), null);
            String xo = x.cmd(create("f1.txt", 0x80, 7, 1, 0x40, "\"close\":true"));
            checks.add(() -> assertNotEquals(OBJECT_NAME_NOT_FOUND, f(xo, "status"),
                "item8b: another client's open of f1.txt on B must find the file: " + diag(xo)));
            Path onDisk = pair.dir().resolve("aggr1/vmstore/f1.txt");
            final String obs = xo;
            checks.add(() -> assertTrue(Files.exists(onDisk), "item8c: " + onDisk + " still exists on disk: " + diag(obs)));
        } finally {
            if (stopped) pair.signal("node-a", "CONT");
        }
        assertAll("item8", checks);
    }

    @Test
    @Order(9)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void item7RestartOfTheOwnerWithThePartnerDown() throws Exception {
        // its own pair: node B is killed and node A restarted, which no later item could build on
        if (pair != null) {
            pair.close();
            pair = null;
        }
        startPair("ca-state-restart");
        List<Executable> checks = new ArrayList<>();
        String data = pattern(4096, 0x5a);
        Session h = session(pair.lifA(), null);
        String open = h.cmd(create("rs.txt", RW, 7, 3, 0x40, "\"dh2q\":{}"));
        require(OK, open, "item7: H's persistent open of rs.txt");
        require(OK, h.cmd(write(f(open, "fid"), 0, data)), "item7: write rs.txt");
        require(OK, h.cmd(lock(f(open, "fid"), 0, 4096)), "item7: H locks [0,4096)");
        h.drop();
        Thread.sleep(300);

        pair.kill("node-b");
        Thread.sleep(3_000); // A notices the partner is gone; it keeps aggr1 (mediator + A are a quorum)
        String probe = null;
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            Session p = sessionMaybe(pair.lifA(), null);
            if (p != null) {
                probe = p.cmd(create("probe.txt", RW, 7, 3, 0x40, "\"close\":true"));
                p.drop();
                if (OK.equals(f(probe, "status"))) break;
            }
            Thread.sleep(500);
        }
        require(OK, probe, "item7: node A still serves vmstore with node B down");

        pair.kill("node-a");
        long t0 = System.currentTimeMillis();
        pair.restart("node-a");
        // once A's LIF answers SMB and vmstore is served again
        Session x = null;
        String conflict = null;
        until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            x = sessionMaybe(pair.lifA(), null);
            if (x != null) break;
            Thread.sleep(500);
        }
        assertTrue(x != null, "item7: node A serves vmstore again after its restart with B down: " + diag(""));
        System.out.println("[ca-state] item7: A serves vmstore " + (System.currentTimeMillis() - t0) + " ms after its restart");
        conflict = x.cmd(create("rs.txt", RW, 0, 1, 0x40, "\"close\":true"));
        check(checks, "item7a: X's conflicting open (share 0) after A's restart", FILE_NOT_AVAILABLE, conflict);
        Session h2 = session(pair.lifA(), null);
        String rc = h2.cmd(reclaim("rs.txt", open, ""));
        check(checks, "item7b: H reclaims rs.txt on the restarted A", OK, rc);
        if (OK.equals(f(rc, "status"))) {
            checkData(checks, "item7c: H reads its data back", data, h2.cmd(read(f(rc, "fid"), 0, 8192)));
        }
        Session x2 = session(pair.lifA(), null);
        String xo = x2.cmd(create("rs.txt", RW, 7, 1, 0x40, ""));
        check(checks, "item7d: X opens rs.txt (share 7) next to the reclaimed handle", OK, xo);
        if (OK.equals(f(xo, "status"))) {
            String xl = x2.cmd(lock(f(xo, "fid"), 0, 1));
            checks.add(() -> assertTrue(LOCK_NOT_GRANTED.equals(f(xl, "status")) || FILE_LOCK_CONFLICT.equals(f(xl, "status")),
                "item7e: X's lock of byte 0 is refused (H's lock survived): " + diag(xl)));
        }
        assertAll("item7", checks);
    }

    // ------------------------------------------------------------------ helpers

    private void takeover() throws Exception {
        AdminSsh.Result r = AdminSsh.run(pair.lifB(), "storage failover takeover -ofnode node-a");
        takenOver = true;
        assertEquals(0, r.status(), "planned takeover of node A: " + diag(r.toString()));
        System.out.println("[ca-state] planned takeover: " + r.out().trim());
    }

    private void giveback() throws Exception {
        AdminSsh.Result r = AdminSsh.run(pair.lifB(), "storage failover giveback -ofnode node-a");
        assertEquals(0, r.status(), "giveback to node A: " + diag(r.toString()));
        takenOver = false;
        System.out.println("[ca-state] giveback: " + r.out().trim());
    }

    static String diag(String observed) {
        if (pair == null) return observed;
        return observed + "\n--- " + pairName + " node-a ---\n" + pair.logTail("node-a") + "\n--- node-b ---\n" + pair.logTail("node-b");
    }

    private static void check(List<Executable> checks, String what, String expected, String json) {
        check(checks, what, expected, json, "status");
    }

    private static void check(List<Executable> checks, String what, String expected, String json, String field) {
        System.out.println("[ca-state] " + what + ": expected " + field + " " + expected + ", observed " + json);
        checks.add(() -> assertEquals(expected, f(json, field), what + ": " + diag(json)));
    }

    private static void checkNum(List<Executable> checks, String what, int expected, String json, String field) {
        System.out.println("[ca-state] " + what + ": expected " + field + " " + expected + ", observed " + json);
        checks.add(() -> assertEquals(Integer.toString(expected), f(json, field), what + ": " + diag(json)));
    }

    private static void checkData(List<Executable> checks, String what, String expectedHex, String json) {
        String got = f(json, "data");
        System.out.println("[ca-state] " + what + ": status " + f(json, "status") + ", "
            + (got == null ? "no data" : got.length() / 2 + " bytes, " + (expectedHex.equals(got) ? "equal" : "DIFFERENT")));
        checks.add(() -> assertTrue(expectedHex.equals(got), what + ": expected " + expectedHex.length() / 2 + " bytes "
            + abbrev(expectedHex) + ", observed " + diag(abbrevJson(json))));
    }

    /** A precondition of the item (not one of its checks): fails the item at once. */
    private static void require(String expected, String json, String what) {
        System.out.println("[ca-state] " + what + ": " + json);
        assertEquals(expected, f(json, "status"), what + ": " + diag(json));
    }

    static String abbrev(String hex) {
        return hex.length() <= 64 ? hex : hex.substring(0, 64) + "...";
    }

    static String abbrevJson(String json) {
        String d = f(json, "data");
        return d == null || d.isEmpty() ? json : json.replace(d, abbrev(d) + " (" + d.length() / 2 + " bytes)");
    }

    /** A field of a one-line JSON object, string or integer, as a string (null if absent). */
    static String f(String json, String name) {
        if (json == null) return null;
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\s*(?:\"([^\"]*)\"|(-?\\d+))").matcher(json);
        if (!m.find()) return null;
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static int num(String json, String name) {
        String v = f(json, name);
        return v == null ? -1 : Integer.parseInt(v);
    }

    static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.US_ASCII)) b.append(String.format("%02x", x));
        return b.toString();
    }

    static String pattern(int n, int seed) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append(String.format("%02x", (i * 31 + seed) & 0xff));
        return b.toString();
    }

    static String create(String name, int access, int share, int disp, int options, String extra) {
        return "{\"op\":\"create\",\"name\":\"" + name + "\",\"access\":" + access + ",\"share\":" + share + ",\"disp\":" + disp
            + ",\"options\":" + options + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** DH2C of the handle {@code opened} (a create answer with fid + cguid); {@code extra} ends with a comma. */
    static String reclaim(String name, String opened, String extra) {
        return "{\"op\":\"create\",\"name\":\"" + name + "\",\"disp\":1," + extra + "\"dh2c\":{\"fid\":\"" + f(opened, "fid")
            + "\",\"cguid\":\"" + f(opened, "cguid") + "\"}}";
    }

    static String write(String fid, long off, String hex) {
        return "{\"op\":\"write\",\"fid\":\"" + fid + "\",\"off\":" + off + ",\"data\":\"" + hex + "\"}";
    }

    static String read(String fid, long off, int len) {
        return "{\"op\":\"read\",\"fid\":\"" + fid + "\",\"off\":" + off + ",\"len\":" + len + "}";
    }

    static String lock(String fid, long off, long len) {
        return "{\"op\":\"lock\",\"fid\":\"" + fid + "\",\"off\":" + off + ",\"len\":" + len + ",\"flags\":" + EXCL_NOWAIT + "}";
    }

    static String close(String fid) {
        return "{\"op\":\"close\",\"fid\":\"" + fid + "\"}";
    }

    private Session session(String host, String seed) throws IOException, InterruptedException {
        Session s = Session.start(host, pair.smbPort(), seed);
        sessions.add(s);
        assertEquals(OK, f(s.hello, "status"), "connect to " + host + ": " + diag(s.hello));
        return s;
    }

    /** A session, or null if connecting (or the tree connect) failed. */
    private Session sessionMaybe(String host, String seed) throws IOException, InterruptedException {
        Session s = Session.start(host, pair.smbPort(), seed);
        sessions.add(s);
        if (OK.equals(f(s.hello, "status"))) return s;
        s.drop();
        return null;
    }

    /** A ca_state.py session on vmstore ({@link CaStateSession}). */
    static final class Session extends CaStateSession {
        private Session(Process p, String host) throws InterruptedException {
            super(p, host, 60_000, 70_000);
        }

        static Session start(String host, int port, String seed) throws IOException, InterruptedException {
            return new Session(launch(host, port, "vmstore", seed, null), host);
        }
    }
}
