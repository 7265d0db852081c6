package dev.casmb.ha.gate;


import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Commit-latency bench (not a test): starts the three member JVMs (A, B, mediator M) on 127.0.0.64-66,
 * waits for a data-node leader, then runs {@code MemberMain}'s {@code bench} command on the leader and on
 * the follower data node (writes forwarded to the leader), one after the other.
 *
 * <p>Usage: {@code CommitBench workDir [threads total size electionMs]}; prints the members' BENCH lines.
 */
public final class CommitBench {
    private record Proc(String id, Process p, LinkedBlockingQueue<String> lines) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : Files.createTempDirectory("casmb-bench").toString());
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        long election = args.length > 4 ? Long.parseLong(args[4]) : 200;
        Files.createDirectories(work);
        String peers = "A=127.0.0.64:5620,B=127.0.0.65:5621,M=127.0.0.66:5622";
        List<Proc> procs = new ArrayList<>();
        try {
            for (String id : List.of("A", "B", "M")) {
                String addr = peers.split(id + "=")[1].split(",")[0];
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-Dlogback.configurationFile=casmb-member-logback.xml",
                        "-cp", System.getProperty("java.class.path"), MemberMain.class.getName(),
                        "--id", id, "--address", addr, "--peers", peers, "--mediator", "M",
                        "--data-dir", work.resolve("data-" + id).toString(),
                        "--election-timeout-ms", Long.toString(election));
                pb.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("member-" + id + ".log").toFile()));
                Process p = pb.start();
                LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
                Thread t = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String l; (l = r.readLine()) != null; ) {
                            q.add(l);
                        }
                    } catch (Exception ignored) {
                        // exited
                    }
                });
                t.setDaemon(true);
                t.start();
                procs.add(new Proc(id, p, q));
            }
            String leader = null;
            long deadline = System.currentTimeMillis() + 120_000;
            while (leader == null && System.currentTimeMillis() < deadline) {
                for (Proc pr : procs) {
                    for (String l; (l = pr.lines.poll()) != null; ) {
                        if (l.startsWith("LEADER ") && !l.startsWith("LEADER null")) {
                            leader = l.split(" ")[1];
                        }
                    }
                }
                Thread.sleep(20);
            }
            if (leader == null) {
                throw new IllegalStateException("no leader");
            }
            Thread.sleep(2000); // mediator hands leadership to a data node; JIT warm-up of the idle paths
            // warm-up on every data node, then the measured runs: leader first, then the follower data node
            for (String mode : List.of("warmup", "measure")) {
                for (Proc pr : procs) {
                    if (pr.id.equals("M")) {
                        continue;
                    }
                    int n = mode.equals("warmup") ? Math.max(200, total / 4) : total;
                    send(pr.p, "bench " + threads + " " + n + " " + size);
                    String line = await(pr, "BENCH", 180_000);
                    if (mode.equals("measure")) {
                        System.out.println(line);
                    }
                }
            }
            for (Proc pr : procs) {
                send(pr.p, "stats");
            }
        } finally {
            for (Proc pr : procs) {
                try {
                    send(pr.p, "quit");
                } catch (Exception ignored) {
                    // dead
                }
                if (!pr.p.waitFor(5, TimeUnit.SECONDS)) {
                    pr.p.destroyForcibly();
                }
            }
        }
    }

    private static String await(Proc pr, String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            String l = pr.lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
        }
        throw new IllegalStateException(pr.id + ": no " + prefix + " line");
    }

    private static void send(Process p, String line) throws java.io.IOException {
        OutputStream os = p.getOutputStream();
        os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
    }
}
