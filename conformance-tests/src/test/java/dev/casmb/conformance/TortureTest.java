package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Samba's smbtorture SMB2 suites against a fresh server each, bounded by
 * {@code casmb.torture.timeoutSeconds} per suite. A suite runs on the plain share {@code public}, or, written
 * {@code suite@vmstore} in the list, on the continuously-available share (persistent handles granted). Each suite must pass at least its floor in
 * {@code torture-floors.properties} (a ratchet). The table of our counts next to Samba's is printed and
 * written to {@code target/torture-summary.txt}; full subunit logs are kept in {@code target/torture/}.
 */
class TortureTest {
    /** One suite's outcome. */
    record Outcome(String suite, int pass, int fail, int skip, boolean timedOut, int floor, int samba, List<String> failed) {}

    private static final Map<String, Outcome> RESULTS = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> suitesPassAtLeastTheirFloor() throws Exception {
        Cmd.assumeInstalled("smbtorture", "samba-testsuite");
        Properties p = new Properties();
        try (InputStream in = TortureTest.class.getResourceAsStream("/torture-floors.properties")) {
            p.load(in);
        }
        Duration limit = Duration.ofSeconds(Long.getLong("casmb.torture.timeoutSeconds", 120));
        // -Dcasmb.torture.suites=smb2.session,smb2.replay runs only those (for iterating on a few suites)
        java.util.Set<String> only = System.getProperty("casmb.torture.suites", "").isBlank() ? null
            : java.util.Set.of(System.getProperty("casmb.torture.suites").split("\\s*,\\s*"));
        List<String> suites = Stream.of(p.getProperty("suites").split(",")).map(String::trim)
            .filter(suite -> only == null || only.contains(suite)).toList();
        // Suites run on their own servers, several at once (-Dcasmb.torture.parallel, default 3): most of a
        // suite's time is smbtorture waiting out break and notify timeouts, not CPU. The long ones start first.
        int parallel = Integer.getInteger("casmb.torture.parallel", 3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        Map<String, java.util.concurrent.Future<Outcome>> runs = new java.util.HashMap<>();
        List<String> order = new ArrayList<>(suites);
        order.sort(java.util.Comparator.comparing((String s) -> p.getProperty("timeout." + s) == null));
        for (String suite : order) {
            int floor = Integer.parseInt(p.getProperty("floor." + suite, "0"));
            int samba = Integer.parseInt(p.getProperty("samba." + suite, "-1"));
            // a suite whose tests wait out break timeouts (smb2.lease) gets its own, longer bound
            Duration own = p.getProperty("timeout." + suite) == null ? limit
                : Duration.ofSeconds(Math.max(limit.toSeconds(), Long.parseLong(p.getProperty("timeout." + suite))));
            runs.put(suite, pool.submit(() -> run(suite, floor, samba, own)));
        }
        pool.shutdown();
        return suites.stream().map(suite -> dynamicTest(suite, () -> {
            int floor = Integer.parseInt(p.getProperty("floor." + suite, "0"));
            Outcome o;
            try {
                o = runs.get(suite).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause();
            }
            RESULTS.put(suite, o);
            assertTrue(o.pass() >= floor, () -> suite + ": passed " + o.pass() + " < floor " + floor
                + (o.timedOut() ? " (timed out after " + limit + ")" : "") + "; failing: " + o.failed());
        }));
    }

    private static Outcome run(String entry, int floor, int samba, Duration limit) throws Exception {
        Path logDir = Path.of("target", "torture");
        Files.createDirectories(logDir);
        int at = entry.indexOf('@');
        String suite = at < 0 ? entry : entry.substring(0, at);
        String share = at < 0 ? "public" : entry.substring(at + 1);
        try (ServerProcess server = ServerProcess.start("torture-" + entry.replace('@', '-'))) {
            Cmd.Result r = Cmd.run(limit, List.of("smbtorture", "//" + server.host() + "/" + share,
                "-p", String.valueOf(server.port()), "-U", ServerProcess.USER + "%" + ServerProcess.PASSWORD,
                "--format=subunit", "--option=torture:sharedelay=100", suite));
            Files.writeString(logDir.resolve(entry + ".log"), r.output());
            int pass = 0, fail = 0, skip = 0;
            List<String> failed = new ArrayList<>();
            for (String line : r.output().split("\n")) {
                if (line.startsWith("success: ")) pass++;
                else if (line.startsWith("skip: ")) skip++;
                else if (line.startsWith("failure: ") || line.startsWith("error: ")) {
                    fail++;
                    failed.add(line.substring(line.indexOf(' ') + 1).replaceAll(" \\[.*", ""));
                }
            }
            assertTrue(server.isAlive(), () -> "server died during " + entry + ":\n" + server.logTail());
            return new Outcome(entry, pass, fail, skip, r.timedOut(), floor, samba, failed);
        }
    }

    @AfterAll
    static void printTable() throws Exception {
        if (RESULTS.isEmpty()) return;
        StringBuilder t = new StringBuilder(String.format("%-24s %5s %5s %5s %6s %6s%n",
            "suite", "pass", "fail", "skip", "floor", "samba"));
        int ours = 0, theirs = 0;
        for (Outcome o : RESULTS.values()) {
            t.append(String.format("%-24s %5d %5d %5d %6d %6d%s%n", o.suite(), o.pass(), o.fail(), o.skip(),
                o.floor(), o.samba(), o.timedOut() ? "  (timed out)" : ""));
            ours += o.pass();
            theirs += Math.max(0, o.samba());
        }
        t.append(String.format("%-24s %5d %24d%n", "total", ours, theirs));
        for (Outcome o : RESULTS.values()) {
            if (!o.failed().isEmpty()) t.append(o.suite()).append(" failing: ").append(o.failed()).append('\n');
        }
        System.out.println("\nsmbtorture results (ours vs Samba 4.17 reference):\n" + t);
        Files.writeString(Path.of("target", "torture-summary.txt"), t.toString());
    }
}
