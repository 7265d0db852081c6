package dev.casmb.ha.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.admin.AdminException;
import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.consensus.CommandRejectedException;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.LatencyHistogram;
import dev.casmb.ha.consensus.LeadershipListener;
import dev.casmb.ha.consensus.MemberHealth;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.smb.config.ShareConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vserver cifs share create|modify|delete} against the replicated state of a pair: both nodes'
 * replicas apply each change, so both nodes' effective share sets agree.
 */
class ShareAdminTest {
    /** Two replicas (node A, node B) that apply every committed command in order, as Raft would. */
    static final class TwoReplicas implements Consensus {
        final ClusterStateMachine a = new ClusterStateMachine();
        final ClusterStateMachine b = new ClusterStateMachine();
        long index;

        @Override public void start() { }
        @Override public CompletableFuture<byte[]> submit(byte[] command) {
            index++;
            try {
                b.apply(index, command);
            } catch (RuntimeException e) {
                // refused on every replica alike
            }
            try {
                return CompletableFuture.completedFuture(a.apply(index, command));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new CommandRejectedException(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        @Override public CompletableFuture<byte[]> query(byte[] q) { return CompletableFuture.completedFuture(a.query(q)); }
        @Override public byte[] queryLocal(byte[] q) { return a.query(q); }
        @Override public void watchLeadership(LeadershipListener l) { }
        @Override public boolean isLeader() { return true; }
        @Override public String leaderId() { return "node-a"; }
        @Override public List<MemberHealth> members() { return List.of(); }
        @Override public LatencyHistogram submitLatency() { return new LatencyHistogram(); }
        @Override public void close() { }
    }

    @TempDir Path dir;
    private NodeConfig config;
    private TwoReplicas raft;
    private ShareCatalog onA;
    private ShareCatalog onB;
    private ShareAdmin admin;
    private final AtomicInteger applied = new AtomicInteger();

    @BeforeEach
    void pair() throws Exception {
        Path f = dir.resolve("node-a.yaml");
        Files.writeString(f, String.join("\n",
            "node: node-a",
            "partner: node-b",
            "aggregates:",
            "  - {name: aggr1, homeNode: node-a, shares: [vmstore, public]}",
            "  - {name: aggr2, homeNode: node-b, shares: []}",
            "smb:",
            "  users: [{name: demo, password: Demo-Pass1}]",
            "  groups: {staff: [demo]}",
            "  shares:",
            "    - {name: vmstore, path: aggr1/vmstore, continuouslyAvailable: true, allowedGroups: [staff]}",
            "    - {name: public, path: aggr1/public, comment: plain}",
            ""));
        config = NodeConfig.load(f);
        raft = new TwoReplicas();
        ClusterClient client = new ClusterClient(raft, raft.a, Duration.ofSeconds(5));
        client.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        client.commit(new ClusterCommand.CreateAggregate("aggr2", "node-b"));
        onA = new ShareCatalog(config, raft.a::shares);
        onB = new ShareCatalog(config, raft.b::shares);
        admin = new ShareAdmin(config.baseDir(), onA, client, applied::incrementAndGet);
    }

    private static String refusal(Runnable r) {
        return assertThrows(AdminException.class, r::run).getMessage();
    }

    @Test
    void aCreatedShareIsOnItsAggregateOnBothNodes() throws Exception {
        String msg = admin.create("sql", "/aggr1/sql", Set.of("continuously-available", "oplocks"), "SQL logs");
        assertTrue(msg.contains("created on aggregate aggr1") && msg.contains("new directory") && msg.contains("node node-a serves it"),
            msg);
        assertTrue(Files.isDirectory(dir.resolve("aggr1/sql")), "the directory is created under the base directory");
        assertEquals(1, applied.get(), "the serving side is told at once");
        for (ShareCatalog c : List.of(onA, onB)) {
            ShareCatalog.Entry e = c.find("SQL");
            assertNotNull(e, "both nodes see it");
            assertEquals("aggr1", e.aggregate());
            assertEquals("/aggr1/sql", e.displayPath());
            assertTrue(e.config().continuouslyAvailable());
            assertEquals("SQL logs", e.config().comment());
            assertEquals(dir.resolve("aggr1/sql").normalize(), e.config().path());
            assertFalse(e.configured());
        }
        assertEquals(List.of("vmstore", "public", "sql"), onB.sharesOf("aggr1").stream().map(ShareConfig::name).toList());
        assertEquals("aggr1", onB.aggregateOf("sql"), "the handle store finds its aggregate");
        assertTrue(onB.sharesOf("aggr2").isEmpty());
        // an existing directory is shared as it is
        Files.createDirectories(dir.resolve("aggr2/web"));
        String web = admin.create("web", "aggr2/web", Set.of(), null);
        assertFalse(web.contains("new directory"), web);
        assertTrue(web.contains("node node-b serves it"), web);
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        admin.create("sql", "/aggr1/sql", Set.of(), null);
        assertEquals("share \"SQL\" already exists", refusal(() -> admin.create("SQL", "/aggr1/other", Set.of(), null)));
        assertEquals("share \"VMSTORE\" already exists", refusal(() -> admin.create("VMSTORE", "/aggr1/v2", Set.of(), null)));
        assertTrue(refusal(() -> admin.create("x", "/aggr9/x", Set.of(), null)).contains("\"aggr9\" is not one (aggregates: aggr1, aggr2)"));
        assertTrue(refusal(() -> admin.create("x", "/etc/passwd", Set.of(), null)).contains("\"etc\" is not one"));
        assertTrue(refusal(() -> admin.create("x", "/aggr1/../../etc", Set.of(), null)).contains("'..' is not allowed"));
        assertTrue(refusal(() -> admin.create("x", "/aggr1", Set.of(), null)).contains("must name a directory inside an aggregate"));
        assertTrue(refusal(() -> admin.create("a*b", "/aggr1/ab", Set.of(), null)).contains("invalid share name"));
        assertTrue(refusal(() -> admin.create("x", "/aggr1/x", Set.of("access-based-enumeration"), null))
            .contains("access-based-enumeration not supported by casmb"));
        Files.writeString(dir.resolve("aggr1/afile"), "x");
        assertTrue(refusal(() -> admin.create("x", "/aggr1/afile", Set.of(), null)).contains("not a directory"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(dir.resolve("aggr1/link"), outside);
        assertTrue(refusal(() -> admin.create("x", "/aggr1/link", Set.of(), null)).contains("leads out of aggregate aggr1"));
        assertNull(onB.find("x"), "nothing refused reached the replicated state");
        assertFalse(Files.exists(dir.resolve("aggr1/x")), "no directory was left behind");
        assertEquals(1, applied.get());
    }

    @Test
    void modifyChangesPropertiesAndCommentButNotThePath() {
        admin.create("sql", "/aggr1/sql", Set.of("continuously-available"), "v1");
        admin.modify("sql", null, Set.of("encrypt-data"), null);
        ShareConfig c = onB.find("sql").config();
        assertFalse(c.continuouslyAvailable());
        assertTrue(c.encryptData());
        assertEquals("v1", c.comment(), "an unchanged comment stays");
        admin.modify("sql", "aggr1/sql/", null, "v2");
        assertEquals("v2", onB.find("sql").config().comment());
        assertTrue(onB.find("sql").config().encryptData(), "properties not given stay");
        String m = refusal(() -> admin.modify("sql", "/aggr1/elsewhere", null, null));
        assertTrue(m.contains("cannot be changed") && m.contains("delete the share and create it again"), m);
        assertTrue(refusal(() -> admin.modify("nope", null, null, "x")).contains("does not exist"));
    }

    @Test
    void aConfiguredShareKeepsItsPathAndAclWhenModified() {
        admin.modify("vmstore", "/aggr1/vmstore", Set.of("oplocks"), "no longer CA");
        for (ShareCatalog cat : List.of(onA, onB)) {
            ShareCatalog.Entry e = cat.find("vmstore");
            assertTrue(e.configured());
            assertFalse(e.config().continuouslyAvailable());
            assertEquals("no longer CA", e.config().comment());
            assertEquals(List.of("staff"), e.config().acl().allowedGroups(), "the configured ACL stays");
            assertEquals(config.smb().shares().get(0).path(), e.config().path());
            assertEquals("aggr1", e.aggregate());
        }
    }

    @Test
    void deleteHidesAConfiguredShareAndFreesItsName() {
        String m = admin.delete("PUBLIC");
        assertTrue(m.contains("deleted") && m.contains("/aggr1/public") && m.contains("kept"), m);
        assertNull(onB.find("public"));
        assertNull(onA.aggregateOf("public"), "a tree connect to it is not held back as pending");
        assertEquals(List.of("vmstore"), onA.sharesOf("aggr1").stream().map(ShareConfig::name).toList());
        assertTrue(refusal(() -> admin.delete("public")).contains("does not exist"));
        // the name is free: a new share, open to every user, at another place
        admin.create("public", "/aggr1/pub2", Set.of(), null);
        ShareCatalog.Entry e = onB.find("public");
        assertFalse(e.configured());
        assertEquals("/aggr1/pub2", e.displayPath());
        assertFalse(e.config().acl().restricted());
    }

    @Test
    void aRestartedReplicaHasTheSameShares() {
        admin.create("sql", "/aggr1/sql", Set.of("continuously-available"), null);
        admin.delete("public");
        ClusterStateMachine restarted = new ClusterStateMachine();
        restarted.restore(raft.b.snapshot());
        ShareCatalog after = new ShareCatalog(config, restarted::shares);
        assertEquals(onA.all(), after.all());
    }

    @Test
    void aSingleNodeRefusesChangesClearly() {
        ShareAdmin single = new ShareAdmin(config.baseDir(), new ShareCatalog(config, java.util.Map::of), null, () -> { });
        assertTrue(refusal(() -> single.create("sql", "/aggr1/sql", Set.of(), null)).contains("edit smb.shares"));
        assertTrue(refusal(() -> single.delete("public")).contains("without a partner"));
    }
}
