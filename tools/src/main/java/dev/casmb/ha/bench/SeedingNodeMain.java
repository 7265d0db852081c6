package dev.casmb.ha.bench;

import dev.casmb.ha.cluster.RaftHandleStore;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.launch.NodeMain;
import dev.casmb.ha.pair.PairNode;
import java.nio.file.Path;

/**
 * A pair node for benches and tests that need many persistent handles: starts the node exactly as
 * {@link NodeMain} does ({@code -c node.yaml}), then, with {@code -Dcasmb.bench.seedHandles=N}, commits N synthetic
 * persistent handles through a {@link RaftHandleStore} on the node's cluster client ({@link HandleSeeder}; the node's
 * event log says {@code bench.seeded} when done). Used by {@code HandleTakeoverBench} ({@code bench/takeover-handles.sh})
 * and {@code PairRestartCatchUpTest} in conformance-tests; the file server itself has no seeding hook.
 */
public final class SeedingNodeMain {
    private SeedingNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("-c") || args[0].equals("--config"))) {
            System.err.println("usage: SeedingNodeMain -c node.yaml   (-Dcasmb.bench.seedHandles=N)");
            System.exit(2);
        }
        dev.casmb.smb.transport.NettyTuning.apply();
        NodeConfig c = NodeConfig.load(Path.of(args[1]));
        NodeMain.Started node = NodeMain.start(c);
        long n = Long.getLong("casmb.bench.seedHandles", 0L);
        PairNode p = node.pair();
        if (n > 0 && p != null) {
            HandleSeeder.seed(n, c, p.cluster(), new RaftHandleStore(c.node(), p.cluster(), p.shareCatalog()::aggregateOf),
                p.events());
        }
        NodeMain.awaitShutdown(node);
        System.exit(0);
    }
}
