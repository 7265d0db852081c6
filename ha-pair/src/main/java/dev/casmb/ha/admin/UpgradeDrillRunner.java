package dev.casmb.ha.admin;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Runs the non-disruptive upgrade drill for the admin shell's {@code system node upgrade-drill}. The drill (an SMB
 * client workload through the pair's operations) is not part of the HA pair: it lives in the {@code drill} module,
 * which provides this service ({@code META-INF/services}); a node whose class path lacks it answers the command with
 * an error. Found through {@link ServiceLoader} so that ha-pair does not depend on the drill.
 */
public interface UpgradeDrillRunner {
    /**
     * What to drill against: the SMB servers (the home node's data LIF first), the CA share and the user the workload
     * runs as, the witness to follow, and the pair operations' arguments.
     */
    record Target(List<InetSocketAddress> servers, String share, String user, byte[] ntHash, Path outDir,
                  String witnessServerName, int epmPort, String homeNode, String otherNode, String aggregate,
                  String homeLif) {}

    /** The drill's outcome: the text report and the counts the node's event log records. */
    record Outcome(String report, int reconnects, int reclaimed, int held, int lostWrites) {}

    /**
     * Runs the in-process form: pair operations through {@code backend} (takeover, giveback, relocation, LIF migration;
     * no process restarts). {@code progress} receives human-readable lines as the drill goes.
     */
    Outcome run(Target target, AdminBackend backend, boolean shortForm, Consumer<String> progress) throws Exception;

    /** The drill on the class path, if any. */
    static Optional<UpgradeDrillRunner> find() {
        return ServiceLoader.load(UpgradeDrillRunner.class, UpgradeDrillRunner.class.getClassLoader()).findFirst();
    }
}
