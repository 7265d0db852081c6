package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.ConsensusFactory;
import dev.casmb.smb.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The mediator: the third Raft member, holding votes and a copy of the cluster state so that the two
 * nodes keep a quorum when one of them fails; it serves no data.
 */
@Command(name = "casmb-mediator", mixinStandardHelpOptions = true, description = "Run the pair's mediator")
public final class MediatorMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MediatorMain.class);
    @Option(names = {"-c", "--config"}, required = true, description = "mediator YAML (id, stateDir, pair)")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MediatorMain()).execute(args));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Map<String, Object> m = ConfigLoader.readYaml(config);
        String id = String.valueOf(m.getOrDefault("id", "mediator"));
        Path state = config.toAbsolutePath().getParent().resolve(String.valueOf(m.getOrDefault("stateDir", "state-" + id)));
        Files.createDirectories(state);
        PairConfig pair = PairConfig.parse((Map<String, Object>) m.get("pair"));
        CountDownLatch stop = new CountDownLatch(1);
        Consensus c = ConsensusFactory.create(pair.consensusImpl(), pair.spec(id, state.resolve("raft")), new ClusterStateMachine());
        c.start();
        log.info("mediator {} running (votes only, no data service)", id);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            c.close();
            stop.countDown();
        }, "shutdown"));
        stop.await();
        return 0;
    }
}
