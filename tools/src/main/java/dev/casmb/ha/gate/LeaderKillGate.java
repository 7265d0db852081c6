package dev.casmb.ha.gate;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The leader-kill gate (docs/DESIGN.md "HA pair acceptance criteria", Consensus): three member JVMs (A and B with
 * writer loops, mediator M), then N times: find the leader, {@code destroyForcibly()} it (SIGKILL), measure the
 * write gap (kill → first ACK of a write that a surviving member <em>submitted after</em> the kill), restart it on
 * the same data dir and wait until it serves again. At the end every acknowledged write must be in every member's
 * applied state.
 *
 * <p>Usage: {@code LeaderKillGate impl kills workDir [electionMs heartbeatMs]}; prints one {@code KILL} line
 * per kill and a {@code GATE} summary; exit code 0 iff all gaps ≤ 1 s, none stuck, none lost.
 */
public final class LeaderKillGate {
    static final long GAP_LIMIT_MS = 1000;
    static final long STUCK_MS = 15_000;

    /** One member process and what it reported. */
    static final class Member {
        final String id;
        final int port;
        final boolean writerLoop;
        volatile Process proc;
        volatile boolean ready;
        volatile String leaderSeen;
        volatile long leaderTerm = -1;
        /** wall ms at which this member reported a leader other than the victim (per kill) */
        volatile long newLeaderAt;
        volatile String victimId;
        final List<long[]> acks = java.util.Collections.synchronizedList(new ArrayList<>()); // seq, submit, ack
        final Map<String, Boolean> dumped = new ConcurrentHashMap<>();

        Member(String id, int port, boolean writerLoop) {
            this.id = id;
            this.port = port;
            this.writerLoop = writerLoop;
        }
    }

    public record Result(List<Long> gapsMs, int stuck, long acked, long lost, String detail) {
        public boolean passed() {
            return stuck == 0 && lost == 0 && gapsMs.stream().allMatch(g -> g <= GAP_LIMIT_MS);
        }
    }

    private final String impl;
    private final Path work;
    private final long electionMs;
    private final long heartbeatMs;
    private final PrintStream log;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final String peers;

    public LeaderKillGate(String impl, Path work, long electionMs, long heartbeatMs, int basePort, PrintStream log) {
        this.impl = impl;
        this.work = work;
        this.electionMs = electionMs;
        this.heartbeatMs = heartbeatMs;
        this.log = log;
        members.put("A", new Member("A", basePort, true));
        members.put("B", new Member("B", basePort + 1, true));
        members.put("M", new Member("M", basePort + 2, false));
        StringBuilder sb = new StringBuilder();
        int host = 61; // 127.0.0.61-63 (shared box: other worktrees use other addresses)
        for (Member m : members.values()) {
            sb.append(sb.length() == 0 ? "" : ",").append(m.id).append("=127.0.0.").append(host++).append(':').append(m.port);
        }
        this.peers = sb.toString();
    }

    private String addressOf(Member m) {
        for (String p : peers.split(",")) {
            if (p.startsWith(m.id + "=")) {
                return p.substring(m.id.length() + 1);
            }
        }
        throw new IllegalStateException();
    }

    private void start(Member m) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                "-Dlogback.configurationFile=casmb-member-logback.xml",
                "-cp", System.getProperty("java.class.path"),
                MemberMain.class.getName(),
                "--id", m.id, "--address", addressOf(m), "--peers", peers, "--mediator", "M",
                "--data-dir", work.resolve("data-" + m.id).toString(), "--impl", impl,
                "--election-timeout-ms", Long.toString(electionMs), "--heartbeat-ms", Long.toString(heartbeatMs)));
        if (m.writerLoop) {
            cmd.add("--writer");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("member-" + m.id + ".log").toFile()));
        m.ready = false;
        Process p = pb.start();
        m.proc = p;
        Thread t = new Thread(() -> pump(m, p), "pump-" + m.id);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Member m, Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] a = line.split(" ");
                switch (a[0]) {
                    case "READY" -> {
                        m.ready = true;
                        log.println("  " + m.id + " " + line);
                    }
                    case "ACK" -> m.acks.add(new long[] {Long.parseLong(a[1]), Long.parseLong(a[2]), Long.parseLong(a[3])});
                    case "LEADER" -> {
                        m.leaderSeen = "null".equals(a[1]) ? null : a[1];
                        m.leaderTerm = Long.parseLong(a[2]);
                        if (m.leaderSeen != null && m.victimId != null && !m.leaderSeen.equals(m.victimId)
                                && m.newLeaderAt == 0) {
                            m.newLeaderAt = System.currentTimeMillis();
                        }
                    }
                    case "DUMPED" -> m.dumped.put(a[1], true);
                    default -> log.println("  " + m.id + ": " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // process died
        }
    }

    private static void waitFor(String what, long timeoutMs, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private long lastAckAt(Member m) {
        synchronized (m.acks) {
            return m.acks.isEmpty() ? 0 : m.acks.get(m.acks.size() - 1)[2];
        }
    }

    /** The leader as agreed by the live members with the highest term. */
    private Member currentLeader() {
        long best = -1;
        String id = null;
        for (Member m : members.values()) {
            if (m.proc != null && m.proc.isAlive() && m.leaderSeen != null && m.leaderTerm > best) {
                best = m.leaderTerm;
                id = m.leaderSeen;
            }
        }
        return id == null ? null : members.get(id);
    }

    public Result run(int kills) throws Exception {
        Files.createDirectories(work);
        List<Long> gaps = new ArrayList<>();
        int stuck = 0;
        try {
            for (Member m : members.values()) {
                start(m);
            }
            waitFor("all READY", 120_000, () -> {
                for (Member m : members.values()) {
                    if (!m.proc.isAlive()) {
                        throw new IllegalStateException(m.id + " exited; see " + work.resolve("member-" + m.id + ".log"));
                    }
                }
                return members.values().stream().allMatch(m -> m.ready);
            });
            long now = System.currentTimeMillis();
            waitFor("writes flowing", 30_000, () -> members.values().stream()
                    .filter(m -> m.writerLoop).allMatch(m -> lastAckAt(m) > now));
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(500);
                waitFor("a leader", 10_000, () -> currentLeader() != null);
                Member victim = currentLeader();
                for (Member m : members.values()) {
                    m.newLeaderAt = 0;
                    m.victimId = victim.id;
                }
                long kill = System.currentTimeMillis();
                victim.proc.destroyForcibly();
                victim.proc.waitFor(5, TimeUnit.SECONDS);
                long gap = -1;
                try {
                    waitFor("write after kill", STUCK_MS, () -> firstAckAfter(victim, kill) > 0);
                    gap = firstAckAfter(victim, kill) - kill;
                } catch (IllegalStateException e) {
                    stuck++;
                }
                gaps.add(gap < 0 ? STUCK_MS : gap);
                StringBuilder seen = new StringBuilder();
                for (Member m : members.values()) {
                    if (m != victim) {
                        seen.append(' ').append(m.id).append("->").append(m.leaderSeen).append('@')
                                .append(m.newLeaderAt == 0 ? -1 : m.newLeaderAt - kill);
                        m.victimId = null;
                    }
                }
                log.printf("KILL %d victim=%s gap=%dms%s leaderSeen(ms after kill):%s%n", k, victim.id, gap,
                        gap < 0 ? " STUCK" : "", seen);
                victim.leaderSeen = null;
                victim.leaderTerm = -1;
                start(victim);
                waitFor(victim.id + " READY", 120_000, () -> victim.ready);
                long restarted = System.currentTimeMillis();
                if (victim.writerLoop) {
                    waitFor(victim.id + " writing", 30_000, () -> lastAckAt(victim) > restarted);
                }
            }
            // Final check: every acknowledged write is in every member's applied state.
            long lost = 0;
            long acked = 0;
            Set<String> ackedKeys = new HashSet<>();
            for (Member m : members.values()) {
                synchronized (m.acks) {
                    for (long[] a : m.acks) {
                        ackedKeys.add(m.id + "/" + a[0]);
                    }
                }
            }
            acked = ackedKeys.size();
            StringBuilder detail = new StringBuilder();
            for (Member m : members.values()) {
                Path f = work.resolve("dump-" + m.id + ".txt");
                send(m, "dumplocal barrier/" + m.id + " " + f);
                waitFor("dump " + m.id, 30_000, () -> m.dumped.containsKey(f.toString()));
                Set<String> have = new HashSet<>(Files.readAllLines(f));
                long missing = ackedKeys.stream().filter(key -> !have.contains(key)).count();
                detail.append(m.id).append(": ").append(have.size()).append(" keys, missing ").append(missing).append("; ");
                lost += missing;
            }
            Result r = new Result(gaps, stuck, acked, lost, detail.toString());
            log.printf("GATE impl=%s kills=%d gaps=%s max=%dms stuck=%d acked=%d lost=%d %s -> %s%n", impl, kills, gaps,
                    gaps.stream().mapToLong(Long::longValue).max().orElse(0), stuck, acked, lost, detail,
                    r.passed() ? "PASS" : "FAIL");
            for (Member m : members.values()) {
                send(m, "stats");
            }
            Thread.sleep(300);
            return r;
        } finally {
            for (Member m : members.values()) {
                if (m.proc != null) {
                    try {
                        send(m, "quit");
                    } catch (IOException ignored) {
                        // already dead
                    }
                    if (!m.proc.waitFor(5, TimeUnit.SECONDS)) {
                        m.proc.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Ack time of the first write submitted at/after {@code kill} by a member other than the victim. */
    private long firstAckAfter(Member victim, long kill) {
        long best = Long.MAX_VALUE;
        for (Member m : members.values()) {
            if (m == victim || !m.writerLoop) {
                continue;
            }
            synchronized (m.acks) {
                for (int i = m.acks.size() - 1; i >= 0; i--) {
                    long[] a = m.acks.get(i);
                    if (a[1] < kill) {
                        break;
                    }
                    best = Math.min(best, a[2]);
                }
            }
        }
        return best == Long.MAX_VALUE ? -1 : best;
    }

    private static void send(Member m, String line) throws IOException {
        var os = m.proc.getOutputStream();
        os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    public static void main(String[] args) throws Exception {
        String impl = args.length > 0 ? args[0] : "ratis";
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("casmb-gate");
        long election = args.length > 3 ? Long.parseLong(args[3]) : 200;
        long heartbeat = args.length > 4 ? Long.parseLong(args[4]) : 50;
        Result r = new LeaderKillGate(impl, work, election, heartbeat, 5600, System.out).run(kills);
        System.exit(r.passed() ? 0 : 1);
    }
}
