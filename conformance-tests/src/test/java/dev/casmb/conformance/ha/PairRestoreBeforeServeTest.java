package dev.casmb.conformance.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/DESIGN.md "CA state survival fixes", restore before serve: during a planned takeover with 5,000 persistent
 * handles, a conflicting open of a protected file on the partner succeeded, because the partner served the share
 * before it had reloaded the handles. A client on node B's own LIF races the share coming online there
 * (TREE_CONNECT until it is served, then a conflicting CREATE, again and again) while the takeover runs: every
 * CREATE must be refused with STATUS_FILE_NOT_AVAILABLE, never granted and never refused for another reason (on the
 * code before the fix the racer met the share while its handles were half-restored: SHARING_VIOLATION); then the
 * owner reclaims its handle with its data.
 */
class PairRestoreBeforeServeTest {
    private static final Pattern SEEDED = Pattern.compile("bench\\.seeded");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void noConflictingOpenGetsInWhileTheShareComesOnline() throws Exception {
        CaClient.assumeImpacket();
        try (PairCluster pair = new PairCluster("restore-race", "127.0.0.25", 5300)) {
            pair.mainClass("node-a", dev.casmb.ha.bench.SeedingNodeMain.class.getName()); // NodeMain, then the seeding
            pair.jvmArgs("node-a", "-Xmx512m", "-Dcasmb.bench.seedHandles=5000");
            pair.startAll();
            PairPlannedTest.waitForAdmin(pair.lifA());
            PairPlannedTest.waitForAdmin(pair.lifB());
            String data = "0badc0de0badc0de";
            String opened;
            try (CaClient.Holder h = CaClient.open(pair.lifA(), pair.smbPort(), "vmstore", "protected.vhdx", data, false)) {
                opened = h.json;
            }
            Matcher seeded = PairCluster.awaitLogLine(pair.log("node-a"), SEEDED, 0, 120_000);
            assertTrue(seeded != null, "node A seeded its 5000 handles\n" + pair.logTail("node-a"));
            Thread.sleep(1000); // node B's replica has the tail of the log

            Process racer = new ProcessBuilder("/usr/bin/python3",
                Paths.get("src", "test", "python", "restore_race.py").toAbsolutePath().toString(), pair.lifB(),
                Integer.toString(pair.smbPort()), "vmstore", PairCluster.USER, PairCluster.PASSWORD, "protected.vhdx", "45")
                .redirectErrorStream(true).start();
            racer.getOutputStream().close();
            Thread.sleep(1500); // logged in and racing
            AdminSsh.Result r = AdminSsh.run(pair.lifB(), "storage failover takeover -ofnode node-a");
            assertEquals(0, r.status(), r.toString());
            assertTrue(racer.waitFor(90, TimeUnit.SECONDS), "the racing client finished");
            String out = new String(racer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String[] lines = out.split("\n");
            String json = lines[lines.length - 1];
            System.out.println("restore before serve, racing client on node B: " + json);
            assertTrue(json.contains("\"statuses\""), "racing client output: " + out);
            assertFalse(json.contains("\"0x00000000\""), "a conflicting open was granted while the share came online: " + json
                + "\n" + pair.logTail("node-b"));
            assertTrue(json.contains("\"0xC0000467\""), "the racing client reached the share once it was online: " + json);
            // nothing else either: before the fix the first CREATEs also met half-restored handles (SHARING_VIOLATION
            // from an open registered on its file before it was marked as awaiting reclaim)
            assertTrue(json.matches(".*\"statuses\": \\{\"0xC0000467\": \\d+\\}.*"), "only FILE_NOT_AVAILABLE: " + json
                + "\n" + pair.logTail("node-b"));

            String rec = CaClient.run(pair.lifA(), pair.smbPort(), "vmstore", "reclaim", "protected.vhdx",
                CaClient.field(opened, "fid"), CaClient.field(opened, "cguid"));
            assertEquals("0x00000000", CaClient.field(rec, "status"), rec + "\n" + pair.logTail("node-b"));
            assertEquals(data, CaClient.field(rec, "data"));
        }
    }
}
