package dev.casmb.ha.drill;

import dev.casmb.client.SmbClient;
import dev.casmb.client.WitnessFollower;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The non-disruptive upgrade drill: a bounded SMB 3 workload on a CA share through {@link SmbClient}
 * (persistent handles, reconnect + DH2C reclaim + replay) while the pair goes through the upgrade
 * sequence; then every acknowledged write is read back, and a per-event report (stall, reconnects,
 * handles reclaimed, lost writes) is written as text, JSON and a PNG timeline.
 */
public final class UpgradeDrill {
    /** Workload and timing. Durations in ms. */
    public record Settings(List<InetSocketAddress> servers, String share, String user, String domain, byte[] ntHash,
                           int vmWriters, long vmFileBytes, long vmPeriodMs, long logPeriodMs, long warmupMs, long settleMs,
                           long eventWindowMs, Path outDir, WitnessFollower.Config witness) {
        public static Settings of(List<InetSocketAddress> servers, String share, String user, byte[] ntHash, Path outDir,
                                  boolean shortForm) {
            return new Settings(servers, share, user, "", ntHash, shortForm ? 2 : 4, (shortForm ? 8L : 32L) << 20, 20, 10,
                shortForm ? 2000 : 3000, shortForm ? 3000 : 5000, 2000, outDir, null);
        }

        public Settings withVmWriters(int n) {
            return new Settings(servers, share, user, domain, ntHash, n, vmFileBytes, vmPeriodMs, logPeriodMs, warmupMs, settleMs,
                eventWindowMs, outDir, witness);
        }

        /** Follow the witness service (MS-SWN) of the SVM named {@code netName}, found through EPM on {@code epmPort}. */
        public Settings withWitness(String netName, int epmPort) {
            return new Settings(servers, share, user, domain, ntHash, vmWriters, vmFileBytes, vmPeriodMs, logPeriodMs, warmupMs, settleMs,
                eventWindowMs, outDir, WitnessFollower.Config.of(netName, share, epmPort));
        }

        public Settings withSettleMs(long ms) {
            return new Settings(servers, share, user, domain, ntHash, vmWriters, vmFileBytes, vmPeriodMs, logPeriodMs, warmupMs, ms,
                eventWindowMs, outDir, witness);
        }
    }

    /** One step of the sequence; {@code kind} is planned, restart or unplanned. */
    public record Step(String name, String kind, Callable<String> action) {}

    /**
     * The upgrade sequence (docs/DESIGN.md "HA pair acceptance criteria", Non-disruptive upgrade): takeover of A,
     * restart of A, giveback; the same for B; aggregate relocation and LIF migration (and back); optionally kill -9
     * of A. Restarts are skipped without process control. {@code shortForm}: takeover of A and giveback only (plus
     * the kill when asked).
     */
    public static List<Step> sequence(DrillActions a, DrillActions.ProcessControl pc, String nodeA, String nodeB, String aggregate,
                                      String lifA, boolean shortForm, boolean kill) {
        List<Step> s = new ArrayList<>();
        for (String n : shortForm ? List.of(nodeA) : List.of(nodeA, nodeB)) {
            s.add(new Step("planned takeover of " + n, "planned", () -> a.takeover(n)));
            if (!shortForm && pc.canKill() && pc.canStart()) {
                s.add(new Step("restart of " + n + " (upgrade)", "restart", () -> {
                    pc.kill(n);
                    pc.start(n);
                    return n + " restarted";
                }));
            }
            s.add(new Step("giveback to " + n, "planned", () -> retry(() -> a.giveback(n), 120_000)));
        }
        if (!shortForm) {
            s.add(new Step("aggregate relocation " + aggregate + " " + nodeA + " -> " + nodeB, "planned",
                () -> a.relocate(aggregate, nodeA, nodeB)));
            s.add(new Step("LIF migrate " + lifA + " -> " + nodeB, "planned", () -> a.migrateLif(lifA, nodeB)));
            s.add(new Step("LIF revert " + lifA, "planned", () -> a.revertLif(lifA)));
            s.add(new Step("aggregate relocation " + aggregate + " " + nodeB + " -> " + nodeA, "planned",
                () -> a.relocate(aggregate, nodeB, nodeA)));
        }
        if (kill && pc.canKill()) s.add(new Step("kill -9 of " + nodeA, "unplanned", () -> {
            pc.kill(nodeA);
            return nodeA + " killed";
        }));
        return s;
    }

    static String retry(Callable<String> c, long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (true) {
            try {
                return c.call();
            } catch (Exception e) {
                if (System.currentTimeMillis() > end) throw e;
                Thread.sleep(500);
            }
        }
    }

    private UpgradeDrill() {}

    /** Runs the drill; never leaves the workload running. */
    public static DrillReport run(Settings s, List<Step> steps, Consumer<String> progress) throws Exception {
        long origin = System.nanoTime();
        SmbClient.Config cc = new SmbClient.Config(s.servers(), s.share(), s.user(), s.domain(), s.ntHash(), SmbClient.D_311,
            10_000, 60_000, 500, 0);
        List<DrillReport.EventResult> events = new ArrayList<>();
        try (SmbClient client = SmbClient.connect(cc);
             WitnessFollower follower = s.witness() == null ? null
                 : new WitnessFollower(client, s.witness(), s.user(), s.domain(), s.ntHash()).start()) {
            progress.accept(String.format("drill: connected to %s (SMB %x.%x, share %s%s)", client.currentServer(),
                client.dialect() >> 8, client.dialect() & 0xFF, s.share(),
                client.shareIsContinuouslyAvailable() ? ", continuously available" : ", NOT continuously available"));
            Workload w = new Workload(client, s.vmWriters(), s.vmFileBytes(), s.vmPeriodMs(), s.logPeriodMs(), origin);
            String dir = "drill-" + Long.toHexString(System.currentTimeMillis());
            mkdirViaCreate(client, dir);
            w.prepare(dir);
            progress.accept("drill: " + s.vmWriters() + " VM disk writer(s) (64 KiB random write-through, " + (s.vmFileBytes() >> 20)
                + " MiB each) + 1 SQL log writer (8 KiB sequential write-through + FLUSH); " + w.persistentGranted() + "/"
                + w.handlesHeld() + " persistent handles granted");
            w.start();
            Thread.sleep(s.warmupMs());
            if (follower != null) progress.accept("drill: witness: " + follower.status());
            for (Step st : steps) {
                progress.accept("drill: " + st.name() + " ...");
                long t0 = System.nanoTime() - origin;
                String msg;
                boolean ok = true;
                try {
                    msg = st.action().call();
                } catch (Exception e) {
                    ok = false;
                    msg = "FAILED: " + e.getMessage();
                }
                long t1 = System.nanoTime() - origin;
                progress.accept("drill:   " + (msg == null ? "" : msg.replace('\n', ' ')) + " (" + (t1 - t0) / 1_000_000 + " ms)");
                events.add(new DrillReport.EventResult(st.name(), st.kind(), t0, t1, ok, msg));
                Thread.sleep(s.settleMs());
            }
            w.stop();
            long end = System.nanoTime() - origin;
            progress.accept("drill: workload stopped; verifying " + w.acked() + " acknowledged writes ...");
            long[] verified = new long[1];
            List<Workload.Loss> lost = w.verify(verified);
            DrillReport r = DrillReport.build(s, client, follower, w, events, lost, verified[0], end, origin);
            if (s.outDir() != null) {
                Files.createDirectories(s.outDir());
                Files.writeString(s.outDir().resolve("drill-report.txt"), r.toText());
                Files.writeString(s.outDir().resolve("drill-report.json"), r.toJson());
                TimelinePng.write(s.outDir().resolve("drill-timeline.png"), r, w);
                progress.accept("drill: report written to " + s.outDir().toAbsolutePath());
            }
            return r;
        }
    }

    /** Creates the drill's directory (CREATE with FILE_DIRECTORY_FILE) and closes it. */
    private static void mkdirViaCreate(SmbClient client, String dir) throws IOException {
        client.mkdir(dir);
    }
}
