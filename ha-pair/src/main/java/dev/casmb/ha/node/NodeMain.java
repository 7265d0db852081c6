package dev.casmb.ha.node;

import dev.casmb.ha.admin.ssh.AdminServer;
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
        NodeConfig c = NodeConfig.load(config);
        CountDownLatch stop = new CountDownLatch(1);
        AutoCloseable node;
        AdminServer admin;
        if (c.raw().containsKey("pair")) {
            PairNode p = new PairNode(c);
            node = p;
            p.start();
            admin = AdminShell.start(c, new PairAdminBackend(c, p.daemon(), p, p.events()), p.events());
        } else {
            NodeDaemon d = NodeDaemon.standalone(c);
            node = d;
            d.start();
            admin = AdminShell.start(c, new PairAdminBackend(c, d, null, d.events()), d.events());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (admin != null) admin.close();
                node.close();
            } catch (Exception ignored) {
                // exiting
            }
            stop.countDown();
        }, "shutdown"));
        stop.await();
        return 0;
    }
}
