package dev.casmb.ha.node;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code casmb-node}: runs one node (SMB, witness, srvsvc, LIFs) from a node configuration file. */
@Command(name = "casmb-node", mixinStandardHelpOptions = true, description = "Run one casmb node")
public final class NodeMain implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "node YAML configuration")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig c = NodeConfig.load(config);
        CountDownLatch stop = new CountDownLatch(1);
        try (NodeDaemon d = NodeDaemon.standalone(c)) {
            d.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                d.close();
            }));
            stop.await();
        }
        return 0;
    }
}
