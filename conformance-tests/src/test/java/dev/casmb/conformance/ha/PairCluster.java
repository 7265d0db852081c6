package dev.casmb.conformance.ha;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real HA pair on loopback: mediator, node A and node B as three JVMs (so that one can be killed),
 * with aggregate {@code aggr1} (shares {@code vmstore} CA and {@code public}) homed on node A.
 * Addresses: mediator {@code BASE.0}, node A's LIF {@code BASE.1}, node B's {@code BASE.2} (BASE is
 * e.g. 127.0.0.7 → 127.0.0.70/71/72); ports derive from {@code portBase}. {@link Net} lays the members out
 * otherwise, e.g. each in its own network namespace with the linux LIF driver (PairPartitionTest).
 */
public final class PairCluster implements AutoCloseable {
    public static final String USER = "demo";
    public static final String PASSWORD = "Demo-Pass1";
    public static final int ADMIN_PORT = 2222;
    private final Path dir;
    private final int smbPort;
    private final int portBase;
    private final int epmPort;
    private final int witnessPort;
    private final Map<String, Process> procs = new LinkedHashMap<>();
    private final Net net;
    private final Map<String, List<String>> jvmArgs = new LinkedHashMap<>();
    private final Map<String, String> mainClasses = new LinkedHashMap<>();
    /** Opt-in ({@link #activeActive()}): a second aggregate aggr2 homed on node B with the CA share sqlstore. */
    private boolean aggr2;

    /**
     * Where the members live: Raft/heartbeat/admin host of each member, the two data LIFs (address, prefix,
     * port), the LIF driver, and optionally a network namespace per member ({@code ip netns exec}).
     */
    public record Net(String mediatorHost, String hostA, String hostB, String lifA, String lifB, int prefix,
                      String lifPort, String lifDriver, Map<String, String> namespaces, boolean adminOnHost) {
        /** The loopback layout of the existing pair tests: BASE.0 mediator, BASE.1 / BASE.2 both LIF and Raft host. */
        public static Net loopback(String ipBase) {
            return new Net(ipBase + "0", ipBase + "1", ipBase + "2", ipBase + "1", ipBase + "2", 8, "lo", "loopback",
                Map.of(), false);
        }
    }

    public PairCluster(String name, String ipBase, int portBase) throws IOException {
        this(name, ipBase, portBase, portBase + 5, 0);
    }

    /** A pair laid out by {@code net} (e.g. one network namespace per member). */
    public PairCluster(String name, Net net, int portBase) throws IOException {
        this(name, net, portBase, portBase + 5, 0);
    }

    /**
     * @param epmPort the endpoint mapper's port on every LIF (135 for rpcclient's EPM lookup; needs root)
     * @param witnessPort the witness (and clusapi) port, 0 for an ephemeral one
     */
    public PairCluster(String name, String ipBase, int portBase, int epmPort, int witnessPort) throws IOException {
        this(name, Net.loopback(ipBase), portBase, epmPort, witnessPort);
    }

    private PairCluster(String name, Net net, int portBase, int epmPort, int witnessPort) throws IOException {
        this.net = net;
        this.epmPort = epmPort;
        this.witnessPort = witnessPort;
        this.dir = Paths.get("target", "pairs", name).toAbsolutePath();
        this.portBase = portBase;
        this.smbPort = portBase;
        deleteTree(dir);
        Files.createDirectories(dir.resolve("aggr1/vmstore"));
        Files.createDirectories(dir.resolve("aggr1/public"));
        for (String n : List.of("a", "b")) Files.writeString(dir.resolve("node-" + n + ".yaml"), nodeYaml(n));
        Files.writeString(dir.resolve("mediator.yaml"), "id: mediator\nstateDir: state-mediator\npair:\n" + members());
    }

    /**
     * Opt-in, before {@link #startAll}: adds aggregate {@code aggr2} homed on node B with the continuously available
     * share {@code sqlstore} (path aggr2/sqlstore), so that both nodes own data (active/active, as run-demo.sh).
     * Without it the layout is the single-aggregate one above.
     */
    public PairCluster activeActive() throws IOException {
        aggr2 = true;
        Files.createDirectories(dir.resolve("aggr2/sqlstore"));
        for (String n : List.of("a", "b")) Files.writeString(dir.resolve("node-" + n + ".yaml"), nodeYaml(n));
        return this;
    }

    public String lifA() { return net.lifA(); }
    public String lifB() { return net.lifB(); }
    public Net net() { return net; }
    public int smbPort() { return smbPort; }
    public int epmPort() { return epmPort; }
    public int witnessPort() { return witnessPort; }
    public Path dir() { return dir; }
    public Path log(String who) { return dir.resolve(who + ".log"); }

    private String members() {
        return "  consensus: ratis\n  members:\n"
            + "    - {id: node-a, host: " + net.hostA() + ", port: " + (portBase + 11) + "}\n"
            + "    - {id: node-b, host: " + net.hostB() + ", port: " + (portBase + 12) + "}\n"
            + "    - {id: mediator, host: " + net.mediatorHost() + ", port: " + (portBase + 10) + ", mediator: true}\n";
    }

    private String nodeYaml(String n) {
        String other = n.equals("a") ? "b" : "a";
        String me = n.equals("a") ? "1" : "2";
        String them = n.equals("a") ? "2" : "1";
        String myHost = n.equals("a") ? net.hostA() : net.hostB();
        String theirHost = n.equals("a") ? net.hostB() : net.hostA();
        return String.join("\n",
            "node: node-" + n,
            "partner: node-" + other,
            "svm: {name: SVM1, netbiosName: SVM1}",
            "lifDriver: " + net.lifDriver(),
            "lifs:",
            "  - {name: lif_a, address: " + net.lifA() + "/" + net.prefix() + ", homeNode: node-a, port: " + net.lifPort() + "}",
            "  - {name: lif_b, address: " + net.lifB() + "/" + net.prefix() + ", homeNode: node-b, port: " + net.lifPort() + "}",
            "aggregates:",
            "  - {name: aggr1, homeNode: node-a, shares: [vmstore, public]}"
                + (aggr2 ? "\n  - {name: aggr2, homeNode: node-b, shares: [sqlstore]}" : ""),
            "witness: {epmPort: " + epmPort + ", witnessPort: " + witnessPort + "}",
            "stateDir: state-node-" + n,
            "pair:",
            members()
                + "  heartbeat: " + myHost + ":" + (portBase + 20 + Integer.parseInt(me)) + "\n"
                + "  partnerHeartbeat: " + theirHost + ":" + (portBase + 20 + Integer.parseInt(them)),
            "admin:",
            net.adminOnHost() ? "  address: " + myHost : "  # admin on the node's home LIF",
            "  port: " + ADMIN_PORT,
            "  passwordAuth: true",
            "  users: [{name: admin, password: Admin-Pass1}]",
            "smb:",
            "  port: " + smbPort,
            "  users: [{name: " + USER + ", password: " + PASSWORD + "}]",
            "  shares:",
            "    - {name: vmstore, path: aggr1/vmstore, continuouslyAvailable: true}",
            "    - {name: public, path: aggr1/public}"
                + (aggr2 ? "\n    - {name: sqlstore, path: aggr2/sqlstore, continuouslyAvailable: true}" : ""),
            "");
    }

    public void startAll() throws Exception {
        start("mediator", mainClass("mediator"), "mediator.yaml");
        start("node-a", mainClass("node-a"), "node-a.yaml");
        start("node-b", mainClass("node-b"), "node-b.yaml");
        if (!net.namespaces().isEmpty()) return; // the caller checks readiness from inside the namespaces
        if (!awaitPort(lifA(), 90_000) || !awaitPort(lifB(), 30_000)) {
            throw new IOException("pair did not come up; see " + dir);
        }
        // aggregate online on node A: a tree connect works once shares are served
        Thread.sleep(500);
    }

    /** Extra JVM options for one member (e.g. a larger heap, a bench property); call before starting it. */
    public void jvmArgs(String who, String... args) {
        jvmArgs.put(who, List.of(args));
    }

    /**
     * The main class {@link #startAll} and {@link #restart} run for one member instead of MediatorMain or NodeMain (e.g.
     * the tools module's handle-seeding launcher); call before starting it.
     */
    public void mainClass(String who, String main) {
        mainClasses.put(who, main);
    }

    private String mainClass(String who) {
        return mainClasses.getOrDefault(who, who.equals("mediator") ? "dev.casmb.ha.pair.MediatorMain" : "dev.casmb.ha.launch.NodeMain");
    }

    public void start(String who, String main, String cfg) throws IOException {
        List<String> cmd = new ArrayList<>();
        String ns = net.namespaces().get(who);
        if (ns != null) cmd.addAll(List.of("ip", "netns", "exec", ns)); // exec's java: the Process is the JVM itself
        cmd.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-XX:+UseSerialGC", "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED"));
        cmd.addAll(jvmArgs.getOrDefault(who, List.of()));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main, "-c", cfg));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(who).toFile())).start();
        procs.put(who, p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    }

    /** A thread dump of one member into its log (SIGQUIT), for diagnosing a failed run. */
    public void threadDump(String who) {
        Process p = procs.get(who);
        if (p == null) return;
        try {
            new ProcessBuilder("kill", "-3", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** kill -9 of one member. */
    public void kill(String who) throws InterruptedException {
        Process p = procs.remove(who);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The pid of a running member, or -1. */
    public long pid(String who) {
        Process p = procs.get(who);
        return p == null ? -1 : p.pid();
    }

    /** Sends a signal to one member's JVM ({@code kill -SIG pid}), e.g. STOP / CONT to freeze and resume it. */
    public void signal(String who, String sig) throws IOException, InterruptedException {
        Process p = procs.get(who);
        if (p == null) throw new IllegalStateException(who + " is not running");
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).redirectErrorStream(true).start();
        if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IOException("kill -" + sig + " " + p.pid() + " failed: " + new String(k.getInputStream().readAllBytes()));
        }
    }

    /** Starts a member again (after {@link #kill}) with its own yaml and JVM options; its log is appended to. */
    public void restart(String who) throws IOException {
        if (procs.containsKey(who)) throw new IllegalStateException(who + " is still running");
        start(who, mainClass(who), who + ".yaml");
    }

    /**
     * The first line of {@code log} matching {@code p} logged at or after {@code since} (epoch ms; 0 = any), polling
     * up to {@code ms} (at least one look). Lines start with the time of day (HH:mm:ss.SSS).
     */
    public static Matcher awaitLogLine(Path log, Pattern p, long since, long ms) throws Exception {
        long end = System.currentTimeMillis() + ms;
        LocalTime from = since == 0 ? null
            : LocalTime.ofInstant(java.time.Instant.ofEpochMilli(since), java.time.ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS);
        do {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String l : lines) {
                    Matcher m = p.matcher(l);
                    if (!m.find()) continue;
                    if (from == null || (l.length() > 12 && !LocalTime.parse(l.substring(0, 12)).isBefore(from))) return m;
                }
            }
            if (System.currentTimeMillis() >= end) return null;
            Thread.sleep(200);
        } while (true);
    }

    public static boolean awaitPort(String host, int port, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    private boolean awaitPort(String host, long ms) throws InterruptedException {
        return awaitPort(host, smbPort, ms);
    }

    public String logTail(String who) {
        try {
            List<String> lines = Files.readAllLines(log(who));
            return String.join("\n", lines.stream().filter(l -> l.contains("events:") || l.contains("ERROR")).toList()
                .subList(Math.max(0, lines.stream().filter(l -> l.contains("events:") || l.contains("ERROR")).toList().size() - 30),
                    lines.stream().filter(l -> l.contains("events:") || l.contains("ERROR")).toList().size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : procs.values()) p.destroy();
        for (Process p : procs.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        procs.clear();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    public static String classPathEntry(String needle) {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains(needle)) return e;
        }
        return null;
    }
}
