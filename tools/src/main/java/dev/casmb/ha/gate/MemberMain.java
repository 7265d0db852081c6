package dev.casmb.ha.gate;

import dev.casmb.ha.consensus.ClusterSpec;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.ConsensusFactory;
import dev.casmb.ha.state.KvStateMachine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs one member of the HA Raft group (node A, node B or the mediator) as its own process.
 *
 * <p>Line protocol for tests and bench (stdout): {@code READY}, {@code LEADER id term},
 * {@code ACK seq submitWallMs ackWallMs}, {@code FAIL seq reason}, {@code DUMPED file}, {@code STATS ...}.
 * Commands on stdin: {@code dump FILE} (linearizable key list), {@code dumplocal BARRIER FILE} (this member's
 * applied state, after a barrier write is visible locally), {@code stats}, {@code quit}.
 */
@Command(name = "casmb-member", mixinStandardHelpOptions = true, description = "casmb HA Raft member")
public final class MemberMain implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "member id, e.g. A, B, M")
    String id;
    @Option(names = "--address", required = true, description = "host:port of this member's Raft endpoint")
    String address;
    @Option(names = "--peers", required = true, description = "all members: id=host:port,id=host:port,...")
    String peers;
    @Option(names = "--data-dir", required = true)
    Path dataDir;
    @Option(names = "--mediator", description = "id of the vote-only mediator member", defaultValue = "M")
    String mediator;
    @Option(names = "--impl", description = "ratis (the Atomix backend was retired)", defaultValue = ConsensusFactory.DEFAULT_IMPL)
    String impl;
    @Option(names = "--election-timeout-ms", defaultValue = "200")
    long electionTimeoutMs;
    @Option(names = "--heartbeat-ms", defaultValue = "50")
    long heartbeatMs;
    @Option(names = "--writer", description = "run a sequential writer loop (gate/bench)")
    boolean writer;
    @Option(names = "--write-interval-ms", defaultValue = "10")
    long writeIntervalMs;

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new MemberMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var peerList = ClusterSpec.parsePeers(peers, mediator);
        String me = peerList.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--id not in --peers")).address();
        if (!me.equals(address)) {
            throw new IllegalArgumentException("--address " + address + " differs from --peers entry " + me);
        }
        Files.createDirectories(dataDir);
        ClusterSpec spec = new ClusterSpec(id, peerList, dataDir, Duration.ofMillis(electionTimeoutMs),
                Duration.ofMillis(heartbeatMs));
        try (Consensus c = ConsensusFactory.create(impl, spec, new KvStateMachine())) {
            c.watchLeadership((leader, local, term) -> out.println("LEADER " + leader + " " + term));
            long t0 = System.nanoTime();
            c.start();
            out.println("READY " + (System.nanoTime() - t0) / 1_000_000 + "ms");
            Thread w = null;
            if (writer) {
                w = new Thread(() -> writeLoop(c), "writer");
                w.setDaemon(true);
                w.start();
            }
            control(c);
        }
        return 0;
    }

    private void writeLoop(Consensus c) {
        for (long seq = 0; !Thread.currentThread().isInterrupted(); seq++) {
            long submit = System.currentTimeMillis();
            try {
                c.submit(KvStateMachine.put(id + "/" + seq, Long.toString(seq).getBytes(StandardCharsets.UTF_8)))
                        .get(5, TimeUnit.SECONDS);
                out.println("ACK " + seq + " " + submit + " " + System.currentTimeMillis());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                out.println("FAIL " + seq + " " + root.getClass().getSimpleName() + ": " + root.getMessage());
            }
            try {
                Thread.sleep(writeIntervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Commit bench: {@code threads} submitters, {@code total} submits of {@code size}-byte put commands in all,
     * each thread sequential (submit, wait for commit, next). Prints one {@code BENCH} line.
     */
    private void bench(Consensus c, int threads, int total, int size) throws InterruptedException {
        dev.casmb.ha.consensus.LatencyHistogram h = new dev.casmb.ha.consensus.LatencyHistogram();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        byte[] value = new byte[Math.max(0, size - 24)];
        java.util.Arrays.fill(value, (byte) 'x');
        String tag = Long.toString(System.nanoTime(), 36);
        Thread[] ts = new Thread[threads];
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                for (int n; (n = next.getAndIncrement()) < total; ) {
                    long s0 = System.nanoTime();
                    try {
                        c.submit(KvStateMachine.put("bench/" + tag + "/" + n, value)).get(10, TimeUnit.SECONDS);
                        h.recordNanos(System.nanoTime() - s0);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "bench-" + i);
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join(120_000);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf("BENCH member=%s leader=%s threads=%d n=%d size=%d failed=%d p50=%.2fms p99=%.2fms max=%.2fms ops/s=%.0f%n",
                id, c.isLeader(), threads, h.count(), size, failed.get(), h.quantileMicros(0.5) / 1000.0,
                h.quantileMicros(0.99) / 1000.0, h.maxMicros() / 1000.0, h.count() / secs);
    }

    private void control(Consensus c) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split(" ");
            try {
                switch (a[0]) {
                    case "quit" -> {
                        return;
                    }
                    case "stats" -> out.println("STATS leader=" + c.leaderId() + " isLeader=" + c.isLeader()
                            + " submit=" + c.submitLatency() + " members=" + c.members());
                    case "dump" -> {
                        byte[] keys = c.query(KvStateMachine.keys()).get(10, TimeUnit.SECONDS);
                        Files.write(Path.of(a[1]), keys);
                        out.println("DUMPED " + a[1]);
                    }
                    case "dumplocal" -> {
                        c.submit(KvStateMachine.put(a[1], new byte[0])).get(10, TimeUnit.SECONDS);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (c.queryLocal(KvStateMachine.get(a[1])) == null && System.nanoTime() < deadline) {
                            Thread.sleep(10);
                        }
                        Files.write(Path.of(a[2]), c.queryLocal(KvStateMachine.keys()));
                        out.println("DUMPED " + a[2]);
                    }
                    case "bench" -> bench(c, Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]));
                    default -> out.println("ERR unknown command " + a[0]);
                }
            } catch (Exception e) {
                out.println("ERR " + a[0] + " " + e);
            }
        }
    }
}
