package dev.casmb.ha.drill;

import dev.casmb.auth.users.UserDatabase;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill}: runs the non-disruptive upgrade drill against a running pair — SMB workload on the CA
 * share through both data LIFs, pair operations through the admin SSH shell, process restarts/kills
 * through the given shell commands (e.g. a launcher's {@code kill -9 PID} / start command).
 */
@Command(name = "drill", mixinStandardHelpOptions = true, description = "Non-disruptive upgrade drill against a running HA pair")
public final class DrillMain implements Callable<Integer> {
    @Option(names = "--lif-a", defaultValue = "127.0.0.11", description = "node A's data LIF (and admin shell)")
    String lifA;
    @Option(names = "--lif-b", defaultValue = "127.0.0.12", description = "node B's data LIF (and admin shell)")
    String lifB;
    @Option(names = "--node-a", defaultValue = "node-a")
    String nodeA;
    @Option(names = "--node-b", defaultValue = "node-b")
    String nodeB;
    @Option(names = "--port", defaultValue = "445", description = "SMB port")
    int port;
    @Option(names = "--server-name", defaultValue = "SVM1", description = "the SVM's CIFS server (NetBIOS) name, for the witness")
    String serverName;

    @Option(names = "--epm-port", defaultValue = "135", description = "endpoint mapper port (witness lookup)")
    int epmPort;

    @Option(names = "--no-witness", description = "do not register with the witness service")
    boolean noWitness;

    @Option(names = "--share", defaultValue = "vmstore", description = "continuously-available share")
    String share;
    @Option(names = "--user", defaultValue = "demo")
    String user;
    @Option(names = "--password", defaultValue = "Demo-Pass1")
    String password;
    @Option(names = "--admin-port", defaultValue = "2222")
    int adminPort;
    @Option(names = "--admin-user", defaultValue = "admin")
    String adminUser;
    @Option(names = "--admin-password", defaultValue = "Admin-Pass1")
    String adminPassword;
    @Option(names = "--aggregate", defaultValue = "aggr1", description = "aggregate homed on node A holding the share")
    String aggregate;
    @Option(names = "--lif", defaultValue = "lif_a", description = "LIF to migrate (node A's)")
    String lif;
    @Option(names = "--vm-writers", description = "number of VM disk writers (default 4, short form 2)")
    Integer vmWriters;
    @Option(names = "--settle-ms", description = "pause after each event")
    Long settleMs;
    @Option(names = "--short", description = "short form: takeover of A + giveback (+ kill with --kill)")
    boolean shortForm;
    @Option(names = "--kill", description = "end with an unplanned kill -9 of node A (needs --kill-cmd)")
    boolean kill;
    @Option(names = "--kill-cmd", description = "node=shell command that kill -9s that node's process")
    Map<String, String> killCmd = new LinkedHashMap<>();
    @Option(names = "--start-cmd", description = "node=shell command that starts that node's process again")
    Map<String, String> startCmd = new LinkedHashMap<>();
    @Option(names = "--out", defaultValue = "drill-out", description = "directory for drill-report.txt/.json and drill-timeline.png")
    Path out;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new DrillMain()).execute(args));
    }

    static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("'" + cmd + "' did not finish in 60 s");
        }
        if (p.exitValue() != 0) throw new IllegalStateException("'" + cmd + "' exited " + p.exitValue());
    }

    @Override
    public Integer call() throws Exception {
        DrillActions.ProcessControl pc = new DrillActions.ProcessControl() {
            @Override
            public void kill(String node) throws Exception { sh(killCmd.get(node)); }

            @Override
            public void start(String node) throws Exception { sh(startCmd.get(node)); }

            @Override
            public boolean canKill() { return killCmd.containsKey(nodeA) && (shortForm || killCmd.containsKey(nodeB)); }

            @Override
            public boolean canStart() { return startCmd.containsKey(nodeA) && startCmd.containsKey(nodeB); }
        };
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put(nodeA, lifA);
        hosts.put(nodeB, lifB);
        SshActions ssh = new SshActions(hosts, adminPort, adminUser, adminPassword);
        List<UpgradeDrill.Step> steps = UpgradeDrill.sequence(ssh, pc, nodeA, nodeB, aggregate, lif, shortForm, kill);
        UpgradeDrill.Settings s = UpgradeDrill.Settings.of(List.of(new InetSocketAddress(lifA, port), new InetSocketAddress(lifB, port)),
            share, user, UserDatabase.ntHashOf(password), out, shortForm);
        if (vmWriters != null) s = s.withVmWriters(vmWriters);
        if (settleMs != null) s = s.withSettleMs(settleMs);
        if (!noWitness) s = s.withWitness(serverName, epmPort);
        if (!pc.canStart() && !shortForm) System.out.println("drill: no --start-cmd for both nodes: the restart steps are skipped");
        DrillReport r = UpgradeDrill.run(s, steps, System.out::println);
        System.out.println();
        System.out.print(r.toText());
        return r.integrityOk() && r.allReclaimed() ? 0 : 1;
    }
}
