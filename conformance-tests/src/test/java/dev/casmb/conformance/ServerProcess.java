package dev.casmb.conformance;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node server ({@code dev.casmb.smb.launcher.SmbMain serve}) in its own JVM, on a free port of a
 * loopback address, with fresh share directories under {@code target/servers/NAME}: share {@code public}
 * and continuously-available share {@code vmstore}, users {@code demo} / {@code Demo-Pass1} and
 * {@code other} / {@code Other-Pass1} (a second user for access-control tests).
 * Its output goes to {@code server.log} in that directory. {@link #close()} stops it (SIGTERM, then kill).
 */
public final class ServerProcess implements AutoCloseable {
    public static final String USER = "demo";
    public static final String PASSWORD = "Demo-Pass1";
    public static final String OTHER_USER = "other";
    public static final String OTHER_PASSWORD = "Other-Pass1";
    /** The default {@code shares:} entries (YAML flow mappings). */
    public static final List<String> DEFAULT_SHARES = List.of("{name: public, path: public}",
        "{name: vmstore, path: vmstore, continuouslyAvailable: true}");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static int nextPort = 4430;

    private final String host;
    private final int port;
    private final Path dir;
    private final Path log;
    private final Process process;

    private ServerProcess(String host, int port, Path dir, Process process) {
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve("server.log");
        this.process = process;
    }

    /** Starts a server named {@code name} (its directory) and waits until it accepts connections. */
    public static ServerProcess start(String name) throws IOException, InterruptedException {
        return start(name, System.getProperty("casmb.test.host", "127.0.0.31"), List.of());
    }

    /** Like {@link #start(String)} on {@code host}, with extra top-level YAML lines (e.g. a {@code limits:} section). */
    public static ServerProcess start(String name, String host, List<String> extraYaml) throws IOException, InterruptedException {
        return start(name, host, DEFAULT_SHARES, extraYaml);
    }

    /**
     * Like {@link #start(String, String, List)} with the given {@code shares:} entries (YAML flow mappings
     * such as {@code "{name: team, path: team, allowedUsers: [demo]}"}); relative paths are under the
     * server directory, and the server creates missing share directories.
     */
    public static ServerProcess start(String name, String host, List<String> shares, List<String> extraYaml)
        throws IOException, InterruptedException {
        Path dir = Paths.get("target", "servers", name).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir.resolve("public"));
        Files.createDirectories(dir.resolve("vmstore"));
        int port = freePort(host);
        Path cfg = dir.resolve("server.yaml");
        Files.writeString(cfg, String.join("\n",
            "netbiosName: SVM1",
            "listen: [" + host + "]",
            "port: " + port,
            "users: [{name: " + USER + ", password: " + PASSWORD + "}, {name: " + OTHER_USER + ", password: "
                + OTHER_PASSWORD + "}]",
            "shares: [" + String.join(", ", shares) + "]",
            String.join("\n", extraYaml),
            ""));
        List<String> cmd = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g", "--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED", "-cp", classPath(), "dev.casmb.smb.launcher.SmbMain", "serve", "-c", cfg.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile()).start();
        ServerProcess s = new ServerProcess(host, port, dir, p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        s.awaitListening();
        return s;
    }

    private static String classPath() {
        // Surefire is configured with useManifestOnlyJar=false, so java.class.path is the full test path.
        String cp = System.getProperty("java.class.path");
        for (String e : cp.split(File.pathSeparator)) {
            if (e.contains("smb3-server")) return cp;
        }
        throw new IllegalStateException("smb3-server is not on the test class path: " + cp);
    }

    private static synchronized int freePort(String host) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        for (int tries = 0; tries < 500; tries++) {
            int p = nextPort++;
            if (nextPort > 4999) nextPort = 4430;
            try (ServerSocket ss = new ServerSocket()) {
                ss.setReuseAddress(false);
                ss.bind(new InetSocketAddress(a, p));
                return p;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IOException("no free port on " + host + " in 4430-4999");
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue() + " before listening:\n" + logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException("server did not listen on " + host + ":" + port + " within " + START_TIMEOUT + ":\n" + logTail());
    }

    public String host() { return host; }
    public int port() { return port; }
    public boolean isAlive() { return process.isAlive(); }
    /** The server JVM's process id (for /proc/PID/status). */
    public long pid() { return process.pid(); }
    /** The local directory behind a share ("public" or "vmstore"). */
    public Path shareDir(String share) { return dir.resolve(share); }
    public Path dir() { return dir; }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted((x, y) -> y.compareTo(x)).toList()) Files.deleteIfExists(q);
        }
    }
}
