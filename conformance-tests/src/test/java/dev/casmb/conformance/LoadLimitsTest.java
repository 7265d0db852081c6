package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bounded load test of the resource limits (loopback only, about 30 s): an abusive client on four source
 * addresses opens thousands of connections and leaves a half-sent frame on each (slow-loris) in two waves,
 * while a well-behaved smbclient lists the share repeatedly. smbclient must keep working within a few
 * seconds, the abuser must be refused beyond the per-client limit and its half-sent frames closed after
 * the partial-frame timeout, and the server's resident memory must stay bounded.
 */
class LoadLimitsTest {
    private static final String HOST = System.getProperty("casmb.load.host", "127.0.0.105");
    private static final String[] ABUSER_ADDRESSES = {"127.0.0.106", "127.0.0.107", "127.0.0.108", "127.0.0.109"};
    private static final int PER_CLIENT = 200;
    private static final int ATTEMPTS_PER_WAVE = 3000;
    private static final int WAVES = 2;
    private static final long DEADLINE_NANOS = Duration.ofSeconds(40).toNanos();

    @Test
    void abusiveClientDoesNotStopWellBehavedClient() throws Exception {
        Cmd.assumeInstalled("smbclient", "smbclient");
        try (ServerProcess server = ServerProcess.start("load-limits", HOST, List.of(
            "limits: {maxConnectionsPerClient: " + PER_CLIENT + ", maxConnections: 2000, partialFrameTimeoutSeconds: 2}"))) {
            Smbclient good = new Smbclient(server, "public", List.of("-m", "SMB3"));
            Files.writeString(server.shareDir("public").resolve("hello.txt"), "hello");
            for (int i = 0; i < 3; i++) assertLs(good, Duration.ofSeconds(20)); // warm up the JIT
            long rssBefore = rssKiB(server.pid());
            long start = System.nanoTime();

            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refusedAtOnce = new AtomicInteger();
            AtomicInteger closedByTimeout = new AtomicInteger();
            AtomicInteger attempts = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread abuser = new Thread(() -> {
                try {
                    for (int wave = 0; wave < WAVES && !stop.get(); wave++) {
                        wave(server, start, stop, attempts, accepted, refusedAtOnce, closedByTimeout);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "abuser");
            abuser.start();

            List<Long> lsMillis = new ArrayList<>();
            long peakRss = rssBefore;
            while (abuser.isAlive() && System.nanoTime() - start < DEADLINE_NANOS) {
                long t0 = System.nanoTime();
                assertLs(good, Duration.ofSeconds(10));
                lsMillis.add((System.nanoTime() - t0) / 1_000_000);
                peakRss = Math.max(peakRss, rssKiB(server.pid()));
                Thread.sleep(300);
            }
            stop.set(true);
            abuser.join(20_000);
            long floodEndNanos = System.nanoTime();
            long t0 = System.nanoTime();
            assertLs(good, Duration.ofSeconds(10));
            lsMillis.add((System.nanoTime() - t0) / 1_000_000);
            long rssAfter = rssKiB(server.pid());
            peakRss = Math.max(peakRss, rssAfter);
            boolean alive = server.isAlive();
            server.close(); // the server logs its final limit counters on shutdown
            String log = Files.readString(server.dir().resolve("server.log"));

            long maxLs = lsMillis.stream().mapToLong(Long::longValue).max().orElse(0);
            long serverRefused = counter(log, "CONNECTIONS_PER_CLIENT");
            long serverTimedOut = counter(log, "PARTIAL_FRAME_TIMEOUT");
            String summary = String.format(
                "load: %d connection attempts (each sending 5 bytes of a 60000-byte frame) from %d addresses in %.1f s;"
                    + " server refused %d at once (per-client limit %d) and closed %d after the partial-frame timeout (2 s);"
                    + " client saw %d closed by the server, %d left open at the end of a wave (must be 0);"
                    + " smbclient ls x%d during the flood, slowest %d ms; server RSS %d MiB before, peak %d MiB, after %d MiB;"
                    + " server log: %s",
                attempts.get(), ABUSER_ADDRESSES.length, (System.nanoTime() - start) / 1e9, serverRefused, PER_CLIENT,
                serverTimedOut, refusedAtOnce.get() + closedByTimeout.get(), accepted.get(), lsMillis.size(), maxLs,
                rssBefore / 1024, peakRss / 1024, rssAfter / 1024, limitLines(log));
            System.out.println(summary);
            Files.writeString(Path.of("target", "load-limits-summary.txt"), summary + "\n");

            assertTrue(alive, () -> "server died:\n" + server.logTail());
            assertTrue(attempts.get() >= 1000, "the abuser made at least 1000 attempts: " + summary);
            assertEquals(0, accepted.get(), "every abusive connection is closed by the server: " + summary);
            assertTrue(serverRefused > 0, "connections over the per-client limit are refused: " + summary);
            // at most PER_CLIENT half-sent connections per address at once; a slot frees when its frame times out
            // (2 s), so over the flood's duration each slot can be taken at most once per timeout period
            double floodSeconds = (floodEndNanos - start) / 1e9;
            long bound = (long) PER_CLIENT * ABUSER_ADDRESSES.length * (long) Math.ceil(floodSeconds / 2.0 + 1);
            assertTrue(serverTimedOut > 0 && serverTimedOut <= bound,
                "half-sent frames time out, and no more than the per-client limit are held at once (bound " + bound + "): " + summary);
            assertEquals(attempts.get(), serverRefused + serverTimedOut, "each abusive connection refused or timed out: " + summary);
            assertTrue(maxLs < 5000, "smbclient ls stays within 5 s under load: " + summary);
            assertTrue(peakRss - rssBefore < 400 * 1024, "server memory stays bounded: " + summary);
            assertTrue(log.contains("CONNECTIONS_PER_CLIENT"), "per-client refusals logged: " + summary);
            assertTrue(log.contains("PARTIAL_FRAME_TIMEOUT"), "partial-frame timeouts logged: " + summary);
        }
    }

    /**
     * One wave: up to ATTEMPTS_PER_WAVE connections, each sending a frame header announcing 60000 bytes and 5
     * of them; then waits (bounded) until the server has closed them all. A connection closed within 1 s of
     * its connect was refused (over the limit); one closed later was timed out; one still open is counted
     * in {@code open}.
     */
    private static void wave(ServerProcess server, long start, AtomicBoolean stop, AtomicInteger attempts, AtomicInteger open,
                             AtomicInteger refused, AtomicInteger timedOut) throws IOException {
        byte[] half = {0, 0, (byte) 0xEA, 0x60, (byte) 0xFE, 'S', 'M', 'B', 0x40};
        try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
            int live = 0;
            for (int i = 0; i < ATTEMPTS_PER_WAVE && !stop.get() && System.nanoTime() - start < DEADLINE_NANOS; i++) {
                attempts.incrementAndGet();
                java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
                long t = System.nanoTime();
                try {
                    ch.bind(new InetSocketAddress(ABUSER_ADDRESSES[i % ABUSER_ADDRESSES.length], 0));
                    ch.connect(new InetSocketAddress(server.host(), server.port()));
                    ch.write(java.nio.ByteBuffer.wrap(half));
                    ch.configureBlocking(false);
                    ch.register(sel, java.nio.channels.SelectionKey.OP_READ, t);
                    live++;
                } catch (IOException e) {
                    ch.close();
                    refused.incrementAndGet();
                }
            }
            long waveEnd = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(256);
            while (live > 0 && System.nanoTime() < waveEnd) {
                sel.select(200);
                for (java.nio.channels.SelectionKey k : sel.selectedKeys()) {
                    java.nio.channels.SocketChannel ch = (java.nio.channels.SocketChannel) k.channel();
                    int r;
                    try {
                        buf.clear();
                        r = ch.read(buf);
                    } catch (IOException reset) {
                        r = -1;
                    }
                    if (r < 0) {
                        long heldMs = (System.nanoTime() - (Long) k.attachment()) / 1_000_000;
                        (heldMs < 1000 ? refused : timedOut).incrementAndGet();
                        k.cancel();
                        ch.close();
                        live--;
                    }
                }
                sel.selectedKeys().clear();
            }
            open.addAndGet(live);
            for (java.nio.channels.SelectionKey k : sel.keys()) k.channel().close();
        }
    }

    private static void assertLs(Smbclient c, Duration timeout) throws IOException, InterruptedException {
        Cmd.Result r = c.run(timeout, "ls");
        assertEquals(0, r.exit(), () -> "smbclient ls failed: " + r);
        assertTrue(r.output().contains("hello.txt"), () -> "listing lacks hello.txt: " + r);
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return 0;
    }

    /** A counter from the "resource limit counters: {...}" line the server logs on shutdown. */
    private static long counter(String log, String name) {
        Matcher m = Pattern.compile("resource limit counters: \\{.*\\b" + name + "=(\\d+)").matcher(log);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String limitLines(String log) {
        Matcher m = Pattern.compile("resource limit (\\w+): .*\\((\\d+) time").matcher(log);
        java.util.Map<String, String> last = new java.util.TreeMap<>();
        while (m.find()) last.put(m.group(1), m.group(2));
        Matcher fin = Pattern.compile("resource limit counters: (\\{.*\\})").matcher(log);
        String counters = fin.find() ? fin.group(1) : "(none logged)";
        return "limit events logged " + last + "; final counters " + counters;
    }
}
