package dev.casmb.lif.driver;

import dev.casmb.lif.driver.LifDriverException.Kind;
import dev.casmb.lif.model.LifAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plumbs addresses with {@code ip addr add/del ADDR/PREFIX dev PORT}, optionally behind a command
 * prefix such as {@code ip netns exec NS}, and announces them: gratuitous ARP with
 * {@code arping -U -c 2 -I PORT ADDR} (IPv4) or an unsolicited neighbour advertisement with
 * {@code ndsend ADDR PORT} (IPv6), sent in the background right after the address is added.
 * A missing announcer is logged, not fatal. IPv6 addresses are
 * added with {@code nodad} so they are usable at once.
 */
public final class LinuxLifDriver implements LifDriver {

    private static final Logger log = LoggerFactory.getLogger(LinuxLifDriver.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> prefix;
    private final CommandRunner runner;
    private final boolean announce;
    private static final java.util.concurrent.Executor ANNOUNCER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lif-announce");
        t.setDaemon(true);
        return t;
    });

    private volatile Boolean arpingPresent;
    private volatile Boolean ndsendPresent;

    /** Runs {@code ip} directly in this network namespace. */
    public LinuxLifDriver() {
        this(List.of(), new ProcessCommandRunner(), true);
    }

    /**
     * @param commandPrefix prepended to every command, e.g. {@code [ip, netns, exec, casmbt-na]}
     * @param runner        runs the commands
     * @param announce      send gratuitous ARP / unsolicited NA after plumbing
     */
    public LinuxLifDriver(List<String> commandPrefix, CommandRunner runner, boolean announce) {
        this.prefix = List.copyOf(commandPrefix);
        this.runner = runner;
        this.announce = announce;
    }

    /** Driver for a network namespace: {@code ip netns exec NAMESPACE ...}. */
    public static LinuxLifDriver inNamespace(String namespace) {
        return new LinuxLifDriver(List.of("ip", "netns", "exec", namespace), new ProcessCommandRunner(), true);
    }

    @Override
    public void plumb(LifAddress address, String port) {
        List<String> add = new ArrayList<>(List.of("ip", "addr", "add", address.cidr(), "dev", port));
        if (address.isIpv6()) {
            add.add("nodad");
        }
        CommandRunner.Result r = run(add);
        if (!r.ok()) {
            throw failure("cannot plumb " + address + " on " + port, r);
        }
        if (announce) {
            // arping lingers ~1 s per packet: announce in the background (one thread per announcement, so
            // one slow arping never delays another LIF), do not delay lifUp. Two packets
            // 1 s apart: a neighbour ignores an update within its ARP locktime (1 s) of the last one
            ANNOUNCER.execute(() -> announce(address, port));
        }
    }

    @Override
    public void unplumb(LifAddress address, String port) {
        CommandRunner.Result r = run(List.of("ip", "addr", "del", address.cidr(), "dev", port));
        if (r.ok()) {
            return;
        }
        String msg = r.output().toLowerCase(Locale.ROOT);
        if (msg.contains("cannot assign requested address") || msg.contains("address not found")) {
            log.debug("{} was not plumbed on {} (nothing to remove)", address, port);
            return;
        }
        throw failure("cannot unplumb " + address + " from " + port, r);
    }

    private void announce(LifAddress address, String port) {
        try {
            sendAnnouncement(address, port);
        } catch (RuntimeException e) {
            log.warn("announcing {} on {} failed", address, port, e);
        }
    }

    private void sendAnnouncement(LifAddress address, String port) {
        if (!address.isIpv6()) {
            if (arpingPresent == null) {
                arpingPresent = onPath("arping");
            }
            if (!arpingPresent) {
                log.warn("arping not installed (apt package iputils-arping): no gratuitous ARP for {} on {};"
                        + " clients may take seconds to find the new MAC address", address.host(), port);
                return;
            }
            CommandRunner.Result r = run(List.of("arping", "-U", "-c", "2", "-I", port, address.host()));
            if (r.ok() || r.exitCode() == 1) { // iputils arping -U exits 1: no replies expected
                log.debug("gratuitous ARP sent for {} on {}", address.host(), port);
            } else {
                log.warn("gratuitous ARP for {} on {} failed: {}", address.host(), port, r.output());
            }
        } else {
            if (ndsendPresent == null) {
                ndsendPresent = onPath("ndsend");
            }
            if (!ndsendPresent) {
                log.warn("ndsend not installed: no unsolicited neighbour advertisement for {} on {}",
                        address.host(), port);
                return;
            }
            CommandRunner.Result r = run(List.of("ndsend", address.host(), port));
            if (!r.ok()) {
                log.warn("unsolicited NA for {} on {} failed: {}", address.host(), port, r.output());
            }
        }
    }

    private CommandRunner.Result run(List<String> command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        CommandRunner.Result r = runner.run(argv, TIMEOUT);
        log.debug("{} -> {} {}", String.join(" ", argv), r.exitCode(), r.output());
        return r;
    }

    static LifDriverException failure(String what, CommandRunner.Result r) {
        String out = r.output();
        String lower = out.toLowerCase(Locale.ROOT);
        Kind kind;
        if (lower.contains("file exists") || lower.contains("address already assigned")) {
            kind = Kind.ADDRESS_IN_USE;
        } else if (lower.contains("cannot find device") || lower.contains("no such device")) {
            kind = Kind.NO_SUCH_PORT;
        } else if (lower.contains("operation not permitted") || lower.contains("permission denied")) {
            kind = Kind.PERMISSION_DENIED;
        } else if (lower.contains("invalid") || lower.contains("any valid prefix")) {
            kind = Kind.INVALID_ADDRESS;
        } else {
            kind = Kind.COMMAND_FAILED;
        }
        String why = switch (kind) {
            case ADDRESS_IN_USE -> "address already in use";
            case NO_SUCH_PORT -> "no such port";
            case PERMISSION_DENIED -> "no permission (needs root / CAP_NET_ADMIN)";
            case INVALID_ADDRESS -> "invalid address";
            case COMMAND_FAILED -> "command failed (exit " + r.exitCode() + ")";
        };
        return new LifDriverException(kind, what + ": " + why + ": " + out);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        return prefix.isEmpty() ? "linux" : "linux (" + String.join(" ", prefix) + ")";
    }
}
