package dev.casmb.ha.bench;

import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.cluster.RaftHandleStore;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.durable.HandleRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;

/**
 * Bench only ({@link SeedingNodeMain} with {@code -Dcasmb.bench.seedHandles=N}; {@code bench/takeover-handles.sh}): fills the
 * replicated state with N synthetic persistent handles on the first CA share of an aggregate this node owns,
 * committed through the ordinary {@link RaftHandleStore#put} path (Raft, group commit, ownership epoch),
 * as if N clients held persistent handles here, each on its own object. They are directory handles (one
 * directory each): a file handle keeps a file descriptor open on the node that serves it, and 100 000 of those
 * exceed the descriptor limit (20 000 here); the state, the Raft log and the reload on takeover are the same.
 * (All on one directory would measure something else: every open of one file is appended to that file's
 * copy-on-write open list, quadratic in the number of opens of the same object.)
 */
public final class HandleSeeder {
    public static final String DIR = "bench-handles";
    public static final long PID_BASE = 0x5EED_0000_0000_0000L;
    /**
     * Concurrent writers, as many concurrent clients would be: on the follower data node each commit also
     * waits for the local replica to learn the commit index (about one Raft heartbeat), so the seeding rate is
     * roughly writers per heartbeat; the group committer packs them into few entries.
     */
    private static final int WRITERS = 512;

    private HandleSeeder() {}

    public static void seed(long n, NodeConfig config, ClusterClient cluster, RaftHandleStore store, EventLog events) {
        Thread t = new Thread(() -> {
            try {
                run(n, config, cluster, store, events);
            } catch (Exception e) {
                events.add("bench.error", "seeding " + n + " handles failed: " + e);
            }
        }, "bench-seed");
        t.setDaemon(true);
        t.start();
    }

    private static void run(long n, NodeConfig config, ClusterClient cluster, RaftHandleStore store, EventLog events)
        throws Exception {
        ShareConfig share = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (share == null && System.nanoTime() < end) {
            for (ClusterStateMachine.Aggregate a : cluster.state().aggregates().values()) {
                if (!a.owner().equals(config.node()) || config.aggregate(a.name()) == null) continue;
                for (String s : config.aggregate(a.name()).shares()) {
                    for (ShareConfig sc : config.smb().shares()) {
                        if (sc.name().equalsIgnoreCase(s) && sc.continuouslyAvailable() && share == null) share = sc;
                    }
                }
            }
            if (share == null) Thread.sleep(100);
        }
        if (share == null) throw new IOException("no CA share on an aggregate owned by " + config.node());
        Path dir = share.path().resolve(DIR);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        final String shareName = share.name();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            fs.add(pool.submit(() -> {
                for (long i; (i = next.getAndIncrement()) < n; ) {
                    try {
                        Files.createDirectories(dir.resolve("d" + i));
                        store.put(record(i, shareName));
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        events.add("bench.seeded", n + " persistent handle(s) committed in " + ms + " ms (" + (ms == 0 ? n : n * 1000 / ms)
            + "/s, " + failed.get() + " failed); replicated handles now " + cluster.state().handleCount());
    }

    static HandleRecord record(long i, String share) {
        byte[] cguid = ByteBuffer.allocate(16).putLong(PID_BASE + i).putLong(~i).array();
        byte[] client = ByteBuffer.allocate(16).putLong(0xC11E_0000L + (i % 1000)).putLong(i % 1000).array();
        return new HandleRecord(PID_BASE + i, cguid, client, "bench", share, DIR + "\\d" + i, 0x00100081, 7, 0x1, true, 600_000,
            null, 0, 0, null, 0, 0, 0, List.of(), new byte[64], 0);
    }
}
