package dev.casmb.ha.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.lif.store.InMemoryLifStateStore;
import dev.casmb.smb.durable.LocalHandleStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller of node A in process, over replicas that apply every commit at once (no Raft, no LIFs): the
 * planned operations run their plans in order, refuse what the decision refuses, fence the data of aggregates
 * this node does not own, and a relocation waits for the partner's heartbeat saying it serves the aggregate; the
 * tick takes over a partner never heard past the boot grace through the unplanned plan, and without quorum the node
 * fences, releases after detect, and rejoins when quorum returns.
 */
class FailoverControllerTest {
    private static final String HOST = "127.0.0.72";
    private static final InetSocketAddress HB_A = new InetSocketAddress(HOST, 47111);
    private static final InetSocketAddress HB_B = new InetSocketAddress(HOST, 47112);

    @TempDir Path dir;
    private ShareAdminTest.TwoReplicas raft;
    private NodeDaemon daemon;
    private Heartbeat heartbeat;
    private Heartbeat partner;
    private FailoverController controller;
    private EventLog events;
    private ClusterClient client;

    /** The replicas behind a switch: without quorum, reads and writes never complete (a cut-off node's view). */
    static final class Gate implements dev.casmb.ha.consensus.Consensus {
        final ShareAdminTest.TwoReplicas replicas = new ShareAdminTest.TwoReplicas();
        volatile boolean quorum = true;

        @Override public void start() { }
        @Override public CompletableFuture<byte[]> submit(byte[] c) { return quorum ? replicas.submit(c) : new CompletableFuture<>(); }
        @Override public CompletableFuture<byte[]> query(byte[] q) { return quorum ? replicas.query(q) : new CompletableFuture<>(); }
        @Override public byte[] queryLocal(byte[] q) { return replicas.queryLocal(q); }
        @Override public void watchLeadership(dev.casmb.ha.consensus.LeadershipListener l) { }
        @Override public boolean isLeader() { return replicas.isLeader(); }
        @Override public String leaderId() { return replicas.leaderId(); }
        @Override public List<dev.casmb.ha.consensus.MemberHealth> members() { return replicas.members(); }
        @Override public dev.casmb.ha.consensus.LatencyHistogram submitLatency() { return replicas.submitLatency(); }
        @Override public void close() { }
    }

    private Gate gate;

    @BeforeEach
    void nodeA() throws Exception {
        start(Duration.ofSeconds(30));
    }

    private void start(Duration bootGrace) throws Exception {
        if (controller != null) close();
        partner = null;
        Path f = dir.resolve("node-a.yaml");
        Files.writeString(f, String.join("\n",
            "node: node-a",
            "partner: node-b",
            "witness: {epmPort: 47135}",
            "aggregates:",
            "  - {name: aggr1, homeNode: node-a, shares: [vmstore]}",
            "  - {name: aggr2, homeNode: node-b, shares: [docs]}",
            "smb:",
            "  users: [{name: demo, password: Demo-Pass1}]",
            "  shares:",
            "    - {name: vmstore, path: aggr1/vmstore, continuouslyAvailable: true}",
            "    - {name: docs, path: aggr2/docs}",
            ""));
        NodeConfig config = NodeConfig.load(f);
        gate = new Gate();
        raft = gate.replicas;
        client = new ClusterClient(gate, raft.a, Duration.ofSeconds(5));
        client.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        client.commit(new ClusterCommand.CreateAggregate("aggr2", "node-b"));
        events = new EventLog("node-a");
        daemon = new NodeDaemon(config, new InMemoryLifStateStore(), new LocalHandleStore(dir.resolve("h.log")), false, events);
        heartbeat = new Heartbeat("node-a", HB_A, HB_B, Duration.ofMillis(100));
        PairConfig pair = new PairConfig(List.of(), HB_A, HB_B, Duration.ofMillis(100), Duration.ofMillis(1000),
            Duration.ofMillis(700), Duration.ofMillis(300), Duration.ofMillis(75), "ratis", false, bootGrace);
        ShareCatalog catalog = new ShareCatalog(config, raft.a::shares);
        controller = new FailoverController(config, pair, daemon, client, heartbeat, events, catalog,
            new WitnessNotifier(config, daemon, events));
        controller.installFencing(daemon.smbContext());
        controller.start();
        controller.reconcile();
    }

    @AfterEach
    void close() {
        controller.close();
        if (partner != null) partner.close();
        heartbeat.close();
        daemon.close();
        controller = null;
    }

    private List<String> kinds() {
        return events.recent(EventLog.CAPACITY).stream().map(EventLog.Event::kind).toList();
    }

    private List<String> messages(String kind) {
        return events.recent(EventLog.CAPACITY).stream().filter(e -> e.kind().equals(kind)).map(EventLog.Event::message).toList();
    }

    private String owner(String aggr) {
        return raft.a.aggregates().get(aggr).owner();
    }

    @Test
    void servesWhatItOwnsAndFencesTheDataOfWhatItDoesNot() {
        assertEquals(Set.of("aggr1"), controller.servedAggregates());
        assertTrue(daemon.smbContext().mayMutate("vmstore"), "own aggregate, lease fresh");
        assertFalse(daemon.smbContext().mayMutate("docs"), "the partner's aggregate");
    }

    @Test
    void plannedTakeoverOfALivePartnerRunsItsStepsInOrder() throws Exception {
        controller.takeover("node-b");
        assertEquals("node-a", owner("aggr2"));
        assertEquals(Set.of("aggr1", "aggr2"), controller.servedAggregates(), "its handles restored and its shares served here");
        assertTrue(daemon.smbContext().mayMutate("docs"));
        List<String> steps = messages("plan.step");
        assertEquals(3, steps.size(), steps.toString());
        assertTrue(steps.get(0).contains("step 1/3 (commit ownership of node-b's aggregates to node-a)"), steps.get(0));
        assertTrue(steps.get(1).contains("step 2/3 (restore handles, then serve the shares"), steps.get(1));
        assertTrue(steps.get(2).contains("step 3/3 (migrate node-b's LIFs to node-a)"), steps.get(2));
        List<String> k = kinds();
        assertTrue(k.indexOf("takeover.start") < k.indexOf("plan.step") && k.lastIndexOf("plan.step") < k.indexOf("takeover.done"), k.toString());
        IOException notPartner = assertThrows(IOException.class, () -> controller.takeover("node-c"));
        assertTrue(notPartner.getMessage().contains("only take over its partner"), notPartner.getMessage());
    }

    @Test
    void givebackAndHandoffWaitForAPartnerThatIsHeard() throws Exception {
        controller.takeover("node-b");
        long epoch = raft.a.aggregates().get("aggr2").epoch();
        IOException e = assertThrows(IOException.class, () -> controller.giveback("node-b"));
        assertTrue(e.getMessage().contains("not up"), e.getMessage());
        assertEquals("node-a", owner("aggr2"), "nothing committed");
        assertEquals(epoch, raft.a.aggregates().get("aggr2").epoch());
        assertThrows(IOException.class, () -> controller.handoff("node-b", "planned takeover of node-a"));
        assertEquals("node-a", owner("aggr1"));

        partner = new Heartbeat("node-b", HB_B, HB_A, Duration.ofMillis(100));
        assertTrue(heard(), "partner heard");
        controller.giveback("node-b");
        assertEquals("node-b", owner("aggr2"));
        assertEquals(Set.of("aggr1"), controller.servedAggregates(), "released here");
        assertFalse(daemon.smbContext().mayMutate("docs"));
    }

    @Test
    void relocationWaitsUntilThePartnerSaysItServesTheAggregate() throws Exception {
        partner = new Heartbeat("node-b", HB_B, HB_A, Duration.ofMillis(100));
        partner.setServed(Map.of("aggr2", 1L));
        assertTrue(heard(), "partner heard");
        CompletableFuture<Long> relocation = CompletableFuture.supplyAsync(() -> {
            try {
                return controller.relocate("aggr1", "node-b");
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!"node-b".equals(owner("aggr1")) && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals("node-b", owner("aggr1"));
        Thread.sleep(300);
        assertFalse(relocation.isDone(), "the partner has not said it serves aggr1 yet");
        partner.setServed(Map.of("aggr1", raft.a.aggregates().get("aggr1").epoch(), "aggr2", 1L));
        relocation.get(5, TimeUnit.SECONDS);
        assertTrue(messages("arl.done").get(0).contains("and online there"), messages("arl.done").toString());
        assertEquals(Set.of(), controller.servedAggregates());
    }

    @Test
    void aPartnerNeverHeardPastTheBootGraceIsTakenOverByThePlan() throws Exception {
        start(Duration.ZERO);
        assertTrue(await(() -> kinds().contains("takeover.done")), kinds().toString());
        assertEquals("node-a", owner("aggr2"));
        assertEquals(Set.of("aggr1", "aggr2"), controller.servedAggregates());
        List<String> steps = messages("plan.step");
        assertEquals(4, steps.size(), steps.toString());
        String[] order = {"announce the partner's LIFs unavailable", "commit ownership of the partner's aggregates",
            "restore handles, then serve the shares", "bring the partner's LIFs up here"};
        for (int i = 0; i < 4; i++) {
            assertTrue(steps.get(i).startsWith("unplanned takeover of node-b: step " + (i + 1) + "/4 (" + order[i] + ")"), steps.get(i));
        }
        List<String> k = kinds();
        assertTrue(k.indexOf("takeover.start") < k.indexOf("takeover.owned") && k.indexOf("takeover.owned") < k.indexOf("takeover.done"),
            k.toString());
    }

    @Test
    void withoutQuorumTheNodeFencesReleasesAndRejoinsWhenQuorumReturns() throws Exception {
        gate.quorum = false;
        assertTrue(await(daemon::isFenced), "fenced once the lease (700 ms) ran out");
        assertFalse(daemon.smbContext().admitting(), "no client request admitted");
        assertFalse(daemon.smbContext().mayMutate("vmstore"), "no data change on its own aggregate either");
        assertTrue(await(() -> controller.servedAggregates().isEmpty()), "released after detect (1000 ms) fenced");
        assertEquals("node-a", owner("aggr1"), "nothing written while fenced");
        gate.quorum = true;
        assertTrue(await(() -> !daemon.isFenced()), "rejoined");
        assertTrue(await(() -> controller.servedAggregates().equals(Set.of("aggr1"))));
        assertTrue(daemon.smbContext().mayMutate("vmstore"));
        // node.rejoined is logged after the rejoin's reconcile serves aggr1 again: wait for it, not just the serving
        assertTrue(await(() -> kinds().contains("node.rejoined")), kinds().toString());
        List<String> k = kinds();
        assertTrue(k.indexOf("node.fenced") < k.indexOf("aggregate.released") && k.indexOf("aggregate.released") < k.indexOf("node.rejoined"),
            k.toString());
        assertFalse(k.contains("takeover.start"), "a partner in its boot grace is not taken over");
    }

    private static boolean await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
        return c.getAsBoolean();
    }

    private boolean heard() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (heartbeat.partnerSilenceMs() > 500 && System.nanoTime() < deadline) Thread.sleep(10);
        return heartbeat.partnerSilenceMs() <= 500;
    }
}
