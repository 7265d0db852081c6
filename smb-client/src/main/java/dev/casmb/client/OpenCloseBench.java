package dev.casmb.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Open+close rate and CREATE latency through {@link SmbClient} (SMB 3.1.1, signed): each of
 * {@code --clients} connections opens (OPEN_IF) and closes its own file in a loop for {@code --seconds};
 * with {@code --durable} each CREATE asks for a persistent handle (DH2Q), which a CA share commits to its
 * handle store before answering. Prints one line: ops/s, CREATE p50/p99/max in ms. Used by
 * bench/open-close.sh; bounded by its duration.
 */
@Command(name = "open-close-bench", mixinStandardHelpOptions = true)
public final class OpenCloseBench implements Callable<Integer> {
    @Option(names = "--server", required = true, description = "host:port")
    String server;
    @Option(names = "--share", required = true)
    String share;
    @Option(names = "--user", required = true)
    String user;
    @Option(names = "--password", required = true)
    String password;
    @Option(names = "--durable", description = "request persistent handles (DH2Q)")
    boolean durable;
    @Option(names = "--clients", defaultValue = "4")
    int clients;
    @Option(names = "--seconds", defaultValue = "10")
    int seconds;
    @Option(names = "--label", defaultValue = "run")
    String label;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenCloseBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int c = server.lastIndexOf(':');
        InetSocketAddress addr = new InetSocketAddress(server.substring(0, c), Integer.parseInt(server.substring(c + 1)));
        SmbClient.Config cfg = SmbClient.Config.of(List.of(addr), share, user, password);
        long[][] lat = new long[clients][];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean[] persistentSeen = new boolean[1];
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String run = Long.toHexString(System.nanoTime());
        for (int t = 0; t < clients; t++) {
            final int id = t;
            lat[t] = new long[1 << 20];
            Thread th = new Thread(() -> {
                try (SmbClient cl = SmbClient.connect(cfg)) {
                    String path = "bench-" + run + "-" + id + ".dat";
                    while (System.nanoTime() < end && counts[id] < lat[id].length) {
                        long t0 = System.nanoTime();
                        SmbFile f = cl.open(path, true, durable);
                        lat[id][counts[id]++] = System.nanoTime() - t0;
                        if (f.isPersistent()) persistentSeen[0] = true;
                        f.close();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "bench-" + t);
            threads.add(th);
        }
        long t0 = System.nanoTime();
        for (Thread th : threads) th.start();
        for (Thread th : threads) th.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!errors.isEmpty()) {
            System.err.println(label + ": " + errors.size() + " client(s) failed: " + errors.get(0));
            return 1;
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(lat[t], 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "%s\topen+close/s\t%.0f\tcreate_p50_ms\t%.2f\tcreate_p99_ms\t%.2f\tcreate_max_ms\t%.2f\tpersistent\t%s%n",
            label, total / secs, pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
            durable ? (persistentSeen[0] ? "granted" : "NOT granted") : "-");
        return durable && !persistentSeen[0] ? 2 : 0;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
