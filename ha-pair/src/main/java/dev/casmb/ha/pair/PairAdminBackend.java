package dev.casmb.ha.pair;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.ha.admin.AdminBackend;
import dev.casmb.ha.admin.AdminException;
import dev.casmb.ha.admin.UpgradeDrillRunner;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.lif.model.Lif;
import dev.casmb.rpc.swn.RegistrationInfo;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The admin shell's view of a node: failover, aggregates and LIFs from the replicated cluster state,
 * sessions/opens/witness from this node's servers. {@code pair} is null on a single node, where the
 * failover commands are refused with a clear message.
 */
public final class PairAdminBackend implements AdminBackend {
    private static final String VERSION = "casmb 0.1";
    private final NodeConfig config;
    private final NodeDaemon daemon;
    private final PairNode pair;
    private final EventLog events;
    private final ShareCatalog catalog;
    private final ShareAdmin shareAdmin;
    private final long startNanos = System.nanoTime();

    public PairAdminBackend(NodeConfig config, NodeDaemon daemon, PairNode pair, EventLog events) {
        this.config = config;
        this.daemon = daemon;
        this.pair = pair;
        this.events = events;
        this.catalog = pair != null ? pair.shareCatalog() : new ShareCatalog(config, java.util.Map::of);
        this.shareAdmin = new ShareAdmin(config.baseDir(), catalog, pair == null ? null : pair.cluster(),
            () -> { if (pair != null) pair.controller().syncShares(); });
    }

    private String me() { return config.node(); }

    private boolean partnerUp() {
        return pair != null && pair.heartbeat().partnerSilenceMs() < pair.pairConfig().detect().toMillis();
    }

    private FailoverController controller() {
        if (pair == null) throw new AdminException("this node runs without an HA partner");
        return pair.controller();
    }

    @Override
    public List<RingMember> clusterRing() {
        if (pair == null) return List.of();
        var c = pair.cluster().consensus();
        var lat = c.submitLatency();
        List<RingMember> out = new ArrayList<>();
        for (var m : c.members()) {
            boolean self = m.id().equals(config.node());
            String role = (m.leader() ? "leader" : "follower") + (m.mediator() ? " (mediator)" : "");
            String contact = self ? "(this node)" : m.lastContactMillis() < 0 ? "-" : m.lastContactMillis() + " ms ago";
            out.add(self
                ? new RingMember(m.id(), role, contact, Long.toString(lat.count()), ms(lat.quantileMicros(0.5)),
                    ms(lat.quantileMicros(0.99)), ms(lat.maxMicros()))
                : new RingMember(m.id(), role, contact, "-", "-", "-", "-"));
        }
        var w = pair.cluster().localApplyWait();
        out.add(new RingMember("(local apply wait)", "", "", Long.toString(w.count()), ms(w.quantileMicros(0.5)),
            ms(w.quantileMicros(0.99)), ms(w.maxMicros())));
        return out;
    }

    private static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    @Override
    public List<NodeInfo> clusterNodes() {
        List<NodeInfo> out = new ArrayList<>();
        Duration up = Duration.ofNanos(System.nanoTime() - startNanos);
        out.add(new NodeInfo(me(), !daemon.isFenced(), true, up, VERSION));
        if (pair != null) out.add(new NodeInfo(config.partner(), partnerUp(), partnerUp(), null, VERSION));
        return out;
    }

    @Override
    public List<FailoverStatus> failoverStatus() {
        List<FailoverStatus> out = new ArrayList<>();
        if (pair == null) {
            out.add(new FailoverStatus(me(), "-", false, "Non-HA mode"));
            return out;
        }
        out.add(new FailoverStatus(me(), config.partner(), partnerUp() && !daemon.isFenced(), describe(me(), config.partner())));
        out.add(new FailoverStatus(config.partner(), me(), !daemon.isFenced(), describe(config.partner(), me())));
        return out;
    }

    private String describe(String node, String other) {
        if (node.equals(me()) && daemon.isFenced()) return "Fenced: no quorum, not serving";
        boolean nodeUp = node.equals(me()) || partnerUp();
        if (!nodeUp) return "Down (" + pair.heartbeat().partnerSilenceMs() / 1000 + " s without heartbeat)";
        List<String> holdsOthers = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (ClusterStateMachine.Aggregate a : pair.cluster().state().aggregates().values()) {
            if (a.home().equals(other) && a.owner().equals(node)) holdsOthers.add(a.name());
            if (a.home().equals(node) && !a.owner().equals(node)) lost.add(a.name());
        }
        if (!holdsOthers.isEmpty()) return "In takeover: serving " + other + "'s " + String.join(",", holdsOthers);
        if (!lost.isEmpty()) return "Waiting for giveback (" + String.join(",", lost) + " on " + other + ")";
        return "Connected to " + other;
    }

    @Override
    public String takeover(String ofNode, boolean immediate) {
        try {
            long ms;
            if (ofNode.equals(me())) {
                ms = controller().handoff(config.partner(), "planned takeover of " + me());
            } else {
                ms = controller().takeover(ofNode);
            }
            return "Takeover of " + ofNode + " completed in " + ms + " ms.";
        } catch (IOException e) {
            throw new AdminException("takeover of " + ofNode + " failed: " + e.getMessage());
        }
    }

    @Override
    public String giveback(String ofNode) {
        try {
            long ms = controller().giveback(ofNode);
            return "Giveback to " + ofNode + " completed in " + ms + " ms.";
        } catch (IOException e) {
            throw new AdminException("giveback to " + ofNode + " failed: " + e.getMessage());
        }
    }

    @Override
    public List<AggregateInfo> aggregates() {
        List<AggregateInfo> out = new ArrayList<>();
        if (pair == null) {
            for (NodeConfig.AggregateSpec a : config.aggregates()) {
                out.add(new AggregateInfo(a.name(), size(a.name(), true), size(a.name(), false), "online", a.homeNode(), me(),
                    catalog.sharesOf(a.name()).size()));
            }
            return out;
        }
        for (ClusterStateMachine.Aggregate a : pair.cluster().state().aggregates().values()) {
            out.add(new AggregateInfo(a.name(), size(a.name(), true), size(a.name(), false), "online", a.home(), a.owner(),
                catalog.sharesOf(a.name()).size()));
        }
        return out;
    }

    private long size(String aggregate, boolean total) {
        List<ShareConfig> shares = catalog.sharesOf(aggregate);
        if (shares.isEmpty()) return 0;
        ShareConfig sc = shares.get(0);
        try {
            FileStore fs = Files.getFileStore(Files.exists(sc.path()) ? sc.path() : config.baseDir());
            return total ? fs.getTotalSpace() : fs.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String relocateAggregates(String sourceNode, String destinationNode, List<String> aggregates) {
        StringBuilder sb = new StringBuilder();
        for (String a : aggregates) {
            try {
                ClusterStateMachine.Aggregate cur = pair == null ? null : pair.cluster().state().aggregates().get(a);
                if (cur != null && !cur.owner().equals(sourceNode)) {
                    throw new AdminException("aggregate " + a + " is owned by " + cur.owner() + ", not " + sourceNode);
                }
                long ms = controller().relocate(a, destinationNode);
                sb.append("Aggregate ").append(a).append(" relocated to ").append(destinationNode).append(" in ").append(ms)
                    .append(" ms.\n");
            } catch (IOException e) {
                throw new AdminException("relocation of " + a + " failed: " + e.getMessage());
            }
        }
        return sb.toString().trim();
    }

    @Override
    public List<LifInfo> lifs() {
        List<LifInfo> out = new ArrayList<>();
        for (Lif l : daemon.lifs().state().lifs().values()) {
            out.add(new LifInfo(l.svm(), l.name(), l.adminStatus(), l.operStatus(), l.address().toString(), l.home().node(),
                l.current().node(), l.current().port(), l.isHome()));
        }
        return out;
    }

    @Override
    public String migrateLif(String lif, String destinationNode) {
        try {
            daemon.lifs().migrate(lif, destinationNode);
            return "LIF " + lif + " migrated to " + destinationNode + ".";
        } catch (RuntimeException e) {
            throw new AdminException(e.getMessage());
        }
    }

    @Override
    public String revertLif(String lif) {
        try {
            daemon.lifs().revert(lif);
            return "LIF " + lif + " reverted to its home node.";
        } catch (RuntimeException e) {
            throw new AdminException(e.getMessage());
        }
    }

    @Override
    public List<ShareInfo> shares() {
        List<ShareInfo> out = new ArrayList<>();
        for (ShareCatalog.Entry e : catalog.all()) {
            out.add(new ShareInfo(config.svmName(), e.name(), e.displayPath(), ShareProperties.of(e.config()), e.config().comment()));
        }
        return out;
    }

    @Override
    public List<ShareAccessInfo> shareAccess() {
        return shareAccess(config.svmName(), catalog.configs());
    }

    /** The access-control lines of configured shares (see {@link ShareAccessInfo}). */
    static List<ShareAccessInfo> shareAccess(String svm, List<ShareConfig> shares) {
        List<ShareAccessInfo> out = new ArrayList<>();
        for (ShareConfig sc : shares) {
            dev.casmb.smb.config.ShareAcl acl = sc.acl();
            String full = sc.readOnly() ? "Read" : "Full_Control";
            if (!acl.restricted()) out.add(new ShareAccessInfo(svm, sc.name(), "Authenticated Users", "group", full));
            for (String u : acl.allowedUsers()) out.add(new ShareAccessInfo(svm, sc.name(), u, "user", full));
            for (String g : acl.allowedGroups()) out.add(new ShareAccessInfo(svm, sc.name(), g, "group", full));
            for (String u : acl.readOnlyUsers()) out.add(new ShareAccessInfo(svm, sc.name(), u, "user", "Read (restricts)"));
            for (String g : acl.readOnlyGroups()) out.add(new ShareAccessInfo(svm, sc.name(), g, "group", "Read (restricts)"));
        }
        return out;
    }

    @Override
    public String createShare(String name, String path, Set<String> properties, String comment) {
        return shareAdmin.create(name, path, properties, comment);
    }

    @Override
    public String modifyShare(String name, String path, Set<String> properties, String comment) {
        return shareAdmin.modify(name, path, properties, comment);
    }

    @Override
    public String deleteShare(String name) {
        return shareAdmin.delete(name);
    }

    @Override
    public List<SessionInfo> sessions() {
        List<SessionInfo> out = new ArrayList<>();
        ServerContext ctx = daemon.smbContext();
        for (SmbConnection c : ctx.connections().keySet()) {
            for (Session s : c.sessions.values()) {
                if (!s.isValid()) continue;
                Duration idle = Duration.ofNanos(System.nanoTime() - c.lastActivityNanos);
                out.add(new SessionInfo(me(), config.svmName(), s.sessionId, c.connectionId, c.remote(), s.user,
                    "SMB" + Dialect.name(c.dialect), s.opens.size(), idle));
            }
        }
        return out;
    }

    @Override
    public List<OpenInfo> opens() {
        List<OpenInfo> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Open o : daemon.smbContext().opens().all()) {
            if (o.closed || o.pipe != null) continue;
            var d = o.durable;
            Session s = o.session;
            String share = o.tree != null && o.tree.share != null ? o.tree.share.name() : d != null ? d.share : "?";
            String user = s != null ? s.user : d != null ? d.owner : "?";
            String durability = d == null ? "none" : d.persistent ? "persistent" : "durable";
            boolean disc = d != null && d.isDisconnected();
            Duration left = disc ? Duration.ofMillis(Math.max(0, d.disconnectedAt + d.timeoutMs - now)) : null;
            out.add(new OpenInfo(me(), config.svmName(), s == null ? 0 : s.sessionId, share, o.smbPath, user, "-",
                durability, disc ? "disconnected" : "open", left));
        }
        return out;
    }

    @Override
    public List<WitnessRegistration> witnessRegistrations() {
        List<WitnessRegistration> out = new ArrayList<>();
        for (RegistrationInfo r : daemon.rpc().witness().registrations()) {
            out.add(new WitnessRegistration(me(), config.svmName(), r.clientName(), r.netName(), r.ipAddress(),
                r.shareName() == null ? "-" : r.shareName(), r.lastUsed(), r.id()));
        }
        return out;
    }

    @Override
    public List<LocalUserInfo> localUsers() {
        List<LocalUserInfo> out = new ArrayList<>();
        for (String u : daemon.smbContext().users().users()) out.add(new LocalUserInfo(config.svmName(), u, "", false));
        return out;
    }

    private UserDatabase users() { return daemon.smbContext().users(); }

    @Override
    public String createLocalUser(String user, char[] password, String fullName) {
        if (users().ntHash(user).isPresent()) throw new AdminException("user " + user + " already exists");
        users().addUser(user, new String(password));
        return "User " + user + " created on " + me() + " (in memory on this node; not replicated to the partner).";
    }

    @Override
    public String deleteLocalUser(String user) {
        if (!users().removeUser(user)) throw new AdminException("no user " + user);
        return "User " + user + " deleted on " + me() + ".";
    }

    @Override
    public String setLocalUserPassword(String user, char[] password) {
        if (users().ntHash(user).isEmpty()) throw new AdminException("no user " + user);
        users().setPassword(user, new String(password));
        return "Password of " + user + " changed on " + me() + ".";
    }

    @Override
    public List<EventRecord> events() {
        List<EventRecord> out = new ArrayList<>();
        for (EventLog.Event e : events.recent(EventLog.CAPACITY)) {
            String sev = e.kind().contains("fail") || e.kind().contains("error") ? "ERROR"
                : e.kind().startsWith("takeover") || e.kind().startsWith("node.fenced") ? "ALERT" : "NOTICE";
            out.add(new EventRecord(e.time(), e.node(), sev, e.kind(), e.message()));
        }
        return out;
    }

    @Override
    public String upgradeDrill(DrillRequest request, Consumer<String> progress) {
        if (pair == null) throw new AdminException("the upgrade drill needs an HA pair");
        ShareCatalog.Entry ca = catalog.all().stream()
            .filter(e -> e.config().continuouslyAvailable() && e.aggregate() != null && pair.cluster().state().aggregates()
                .containsKey(e.aggregate()))
            .findFirst().orElseThrow(() -> new AdminException("no continuously-available share on an aggregate: nothing to drill against"));
        ClusterStateMachine.Aggregate aggr = pair.cluster().state().aggregates().get(ca.aggregate());
        String home = aggr.home();
        String other = home.equals(me()) ? config.partner() : me();
        List<java.net.InetSocketAddress> servers = new ArrayList<>();
        String homeLif = null;
        for (String n : List.of(home, other)) {
            for (Lif l : daemon.lifs().state().lifs().values()) {
                if (l.home().node().equals(n)) {
                    servers.add(new java.net.InetSocketAddress(l.address().address(), config.smb().port()));
                    if (homeLif == null && n.equals(home)) homeLif = l.name();
                }
            }
        }
        String user = users().users().stream().sorted().findFirst()
            .orElseThrow(() -> new AdminException("no SMB user to run the drill's workload as"));
        byte[] hash = users().ntHash(user).orElseThrow();
        java.nio.file.Path outDir = config.baseDir().resolve("drill").resolve(Long.toString(System.currentTimeMillis()));
        UpgradeDrillRunner runner = UpgradeDrillRunner.find()
            .orElseThrow(() -> new AdminException("the upgrade drill is not on this node's class path (module drill)"));
        var target = new UpgradeDrillRunner.Target(servers, ca.name(), user, hash, outDir, config.netbiosName(),
            config.epmPort(), home, other, aggr.name(), homeLif);
        // In-process: pair operations through this backend; restarts and kill -9 need a launcher (the CLI `drill`).
        progress.accept("drill: in-process form: takeover/giveback/relocation/LIF migration; node restarts"
            + (request.unplannedKill() ? " and kill -9" : "") + " need the CLI `drill` with a launcher and are skipped here");
        events.add("drill.start", "upgrade drill started (" + (request.shortForm() ? "short" : "full") + " form)");
        try {
            UpgradeDrillRunner.Outcome report = runner.run(target, this, request.shortForm(), progress);
            events.add("drill.done", "upgrade drill finished: " + report.reconnects() + " reconnect(s), " + report.reclaimed() + "/"
                + report.held() + " handles reclaimed, " + report.lostWrites() + " writes lost");
            return report.report();
        } catch (AdminException e) {
            throw e;
        } catch (Exception e) {
            events.add("drill.failed", "upgrade drill failed: " + e);
            throw new AdminException("drill failed: " + e.getMessage());
        }
    }

    static Instant now() { return Instant.now(); }
}
