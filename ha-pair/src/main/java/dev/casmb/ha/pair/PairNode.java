package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.cluster.RaftHandleStore;
import dev.casmb.ha.cluster.RaftLifStateStore;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.ConsensusFactory;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.lif.command.LifStateException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of the HA pair: its Raft member (holding the replicated cluster state), the node daemon
 * serving what that state assigns to it, the partner heartbeat and the failover controller.
 */
public final class PairNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PairNode.class);
    private final NodeConfig config;
    private final PairConfig pair;
    private final EventLog events;
    private final ClusterStateMachine state = new ClusterStateMachine();
    private final ShareCatalog shares;
    private Consensus consensus;
    private ClusterClient cluster;
    private RaftLifStateStore lifStore;
    private NodeDaemon daemon;
    private Heartbeat heartbeat;
    private FailoverController controller;
    private WitnessNotifier notifier;

    @SuppressWarnings("unchecked")
    public PairNode(NodeConfig config) {
        this.config = config;
        this.pair = PairConfig.parse((Map<String, Object>) config.raw().get("pair"));
        this.events = new EventLog(config.node());
        this.shares = new ShareCatalog(config, state::shares);
    }

    public NodeDaemon daemon() { return daemon; }
    public FailoverController controller() { return controller; }
    public ClusterClient cluster() { return cluster; }
    public EventLog events() { return events; }
    public PairConfig pairConfig() { return pair; }
    public Heartbeat heartbeat() { return heartbeat; }
    /** The effective share set: the configuration file overlaid by the replicated admin changes. */
    public ShareCatalog shareCatalog() { return shares; }

    public void start() throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(config.stateDir());
        consensus = ConsensusFactory.create(pair.consensusImpl(), pair.spec(config.node(), config.stateDir().resolve("raft")), state);
        consensus.start();
        cluster = new ClusterClient(consensus, state, Duration.ofSeconds(5));
        waitForLeader(Duration.ofSeconds(60));
        // start-up commits (aggregates, SVM, LIFs) may meet a leader change on a busy machine: give them time
        cluster.setTimeout(Duration.ofSeconds(30));
        for (NodeConfig.AggregateSpec a : config.aggregates()) {
            cluster.commit(new ClusterCommand.CreateAggregate(a.name(), a.homeNode()));
        }
        lifStore = new RaftLifStateStore(cluster);
        RaftHandleStore handles = new RaftHandleStore(config.node(), cluster, shares::aggregateOf);
        daemon = new NodeDaemon(config, lifStore, handles, false, events);
        // persistent ids are unique in the pair: the replicated state keys handle records by them
        daemon.smbContext().opens().setPersistentIdTag(config.node().compareTo(config.partner()) < 0 ? 1 : 2);
        daemon.setShareList(shares::configs);
        // TREE_CONNECT waits briefly only for a share whose aggregate this node already owns but is still
        // bringing online; a share owned by the partner is refused at once, so clients move on.
        daemon.smbContext().setPendingShares(name -> {
            String aggr = shares.aggregateOf(name);
            ClusterStateMachine.Aggregate a = aggr == null ? null : state.aggregates().get(aggr);
            return a != null && a.owner().equals(config.node());
        });
        notifier = new WitnessNotifier(config, daemon, events);
        lifStore.subscribe(notifier);
        heartbeat = new Heartbeat(config.node(), pair.heartbeatBind(), pair.partnerHeartbeat(), pair.heartbeatInterval());
        try {
            daemon.start();
        } catch (LifStateException e) {
            // the partner created the same SVM/LIF at the same moment; the replicated state has it now
            log.info("LIF setup raced with the partner ({}); continuing with the replicated state", e.getMessage());
        }
        controller = new FailoverController(config, pair, daemon, cluster, heartbeat, events, shares, notifier);
        // admission (quorum lease) and data fencing (ownership, not fenced): decided by the controller
        controller.installFencing(daemon.smbContext());
        controller.start();
        cluster.setTimeout(Duration.ofSeconds(5));
        events.add("node.ready", "node " + config.node() + " joined the pair in " + (System.nanoTime() - t0) / 1_000_000
            + " ms (Raft leader " + consensus.leaderId() + ")");
    }

    /** Waits, bounded by {@code max}, until this member knows a Raft leader (told by the leadership listener). */
    private void waitForLeader(Duration max) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<String> known = new java.util.concurrent.CompletableFuture<>();
        consensus.watchLeadership((leader, local, term) -> {
            if (leader != null) known.complete(leader);
        });
        String now = consensus.leaderId(); // elected before the listener was registered
        if (now != null) known.complete(now);
        try {
            known.get(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("no Raft leader after " + max.toSeconds() + " s (is the mediator or partner up?)");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("waiting for a Raft leader failed: " + e.getCause());
        }
    }

    @Override
    public void close() {
        if (controller != null) controller.close();
        if (heartbeat != null) heartbeat.close();
        if (daemon != null) daemon.close();
        if (lifStore != null) lifStore.close();
        if (consensus != null) consensus.close();
    }
}
