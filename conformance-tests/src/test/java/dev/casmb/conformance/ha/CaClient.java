package dev.casmb.conformance.ha;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Drives src/test/python/ca_client.py (python3-impacket): an independent SMB 3 client with DH2Q/DH2C. */
public final class CaClient {
    private static final String PYTHON = "/usr/bin/python3";

    private CaClient() {}

    public static void assumeImpacket() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", "import impacket").redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "python3-impacket not installed");
    }

    static Path script() {
        Path p = Paths.get("src", "test", "python", "ca_client.py").toAbsolutePath();
        if (!Files.exists(p)) throw new IllegalStateException("missing " + p);
        return p;
    }

    static List<String> argv(String host, int port, String share, String step, String... args) {
        List<String> a = new ArrayList<>(List.of(PYTHON, script().toString(), host, Integer.toString(port), share,
            PairCluster.USER, PairCluster.PASSWORD, step));
        a.addAll(List.of(args));
        return a;
    }

    /** One step; returns its JSON line (or the error output). */
    public static String run(String host, int port, String share, String step, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv(host, port, share, step, args)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!done) {
            p.destroyForcibly();
            throw new IOException("ca_client " + step + " timed out: " + out);
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    /** One step run inside a network namespace ({@code ip netns exec NETNS python3 ...}). */
    public static String runIn(String netns, String host, int port, String share, String step, String... args)
        throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        a.addAll(argv(host, port, share, step, args));
        Process p = new ProcessBuilder(a).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!done) {
            p.destroyForcibly();
            throw new IOException("ca_client " + step + " in " + netns + " timed out: " + out);
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    /** The "open" step keeps its connection until {@link Holder#close()}. */
    public static final class Holder implements AutoCloseable {
        public final Process process;
        public final String json;

        Holder(Process p, String json) {
            this.process = p;
            this.json = json;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    public static Holder open(String host, int port, String share, String file, String dataHex, boolean lock)
        throws IOException {
        return open(host, port, share, file, dataHex, lock, 0);
    }

    /** {@code timeoutMs}: the DH2Q Timeout asked for (0 = server default). */
    public static Holder open(String host, int port, String share, String file, String dataHex, boolean lock, int timeoutMs)
        throws IOException {
        List<String> a = argv(host, port, share, "open", file, dataHex);
        a.add(lock ? "lock" : "nolock");
        a.add(Integer.toString(timeoutMs));
        Process p = new ProcessBuilder(a).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("{")) {
            StringBuilder rest = new StringBuilder(line == null ? "" : line);
            String l;
            while ((l = r.readLine()) != null) rest.append('\n').append(l);
            throw new IOException("ca_client open failed: " + rest);
        }
        return new Holder(p, line);
    }

    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\"");
        if (i < 0) return null;
        int q1 = json.indexOf('"', json.indexOf(':', i) + 1);
        int q2 = json.indexOf('"', q1 + 1);
        return json.substring(q1 + 1, q2);
    }

    static String unused(File f) {
        return f.toString();
    }
}
