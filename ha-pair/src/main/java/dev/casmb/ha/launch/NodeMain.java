package dev.casmb.ha.launch;

import dev.casmb.ha.admin.ssh.AdminServer;
import dev.casmb.ha.node.AdminShell;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.ha.pair.PairAdminBackend;
import dev.casmb.ha.pair.PairNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code casmb-node}: runs one node from its configuration file: a member of the HA pair when the file
 * has a {@code pair:} section, otherwise a single node.
 */
@Command(name = "casmb-node", mixinStandardHelpOptions = true, description = "Run one casmb node")
public final class NodeMain implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "node YAML configuration")
    Path config;

    public static void main(String[] args) {
        dev.casmb.smb.transport.NettyTuning.apply();
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        awaitShutdown(start(NodeConfig.load(config)));
        return 0;
    }

    /** Blocks until the JVM shuts down, closing {@code node} in the shutdown hook. */
    public static void awaitShutdown(Started node) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stop.countDown();
        }, "shutdown"));
        stop.await();
    }

    /**
     * A started node: the pair member ({@code pair}, null for a single node), the node itself and its admin shell (null
     * without an {@code admin:} section).
     */
    public record Started(PairNode pair, AutoCloseable node, AdminServer admin) implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (admin != null) admin.close();
                node.close();
            } catch (Exception ignored) {
                // exiting
            }
        }
    }

    /** Starts the node {@code c} describes and its admin shell, as {@code casmb-node} does. */
    public static Started start(NodeConfig c) throws Exception {
        if (c.raw().containsKey("pair")) {
            PairNode p = new PairNode(c);
            p.start();
            return new Started(p, p, AdminShell.start(c, new PairAdminBackend(c, p.daemon(), p, p.events()), p.events()));
        }
        NodeDaemon d = NodeDaemon.standalone(c);
        d.start();
        return new Started(null, d, AdminShell.start(c, new PairAdminBackend(c, d, null, d.events()), d.events()));
    }
}
