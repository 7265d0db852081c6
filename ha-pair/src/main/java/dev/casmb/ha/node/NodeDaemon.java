package dev.casmb.ha.node;

import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.ha.events.EventLog;
import dev.casmb.lif.driver.LifDriver;
import dev.casmb.lif.driver.LinuxLifDriver;
import dev.casmb.lif.driver.LoopbackLifDriver;
import dev.casmb.lif.manager.LifEvent;
import dev.casmb.lif.manager.LifListener;
import dev.casmb.lif.manager.LifManager;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.store.InMemoryLifStateStore;
import dev.casmb.lif.store.LifStateStore;
import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.auth.NtlmRpcSecurityProvider;
import dev.casmb.rpc.server.WitnessRpcNode;
import dev.casmb.rpc.srvsvc.ShareInfo;
import dev.casmb.rpc.clusapi.ClusterResources;
import dev.casmb.rpc.swn.WitnessConfig;
import dev.casmb.rpc.swn.WitnessConstants;
import dev.casmb.rpc.swn.WitnessInterface;
import dev.casmb.rpc.swn.WitnessTopology;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.launcher.SmbMain;
import dev.casmb.smb.durable.HandleStore;
import dev.casmb.smb.durable.LocalHandleStore;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.transport.SmbServer;
import dev.casmb.smb.vfs.Share;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the pair: the SMB server, the DCE/RPC endpoint mapper + witness + srvsvc, and the LIF
 * manager that tells both which addresses to serve. Listening follows the LIFs: when a LIF comes up
 * here, SMB, EPM and the witness bind to it; when it leaves, they unbind and reset its clients.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeDaemon.class);

    private final NodeConfig config;
    private final EventLog events;
    private final ServerContext smbContext;
    private final SmbServer smb;
    private final HandleStore handleStore;
    private volatile boolean fenced;
    private final WitnessRpcNode rpc;
    private final WitnessTopology topology;
    private final LifManager lifs;
    private volatile java.util.function.Supplier<List<ShareConfig>> shareList;

    /**
     * @param handleStore where persistent handles live (a local log, or the pair's Raft state)
     * @param serveAllShares serve every configured share from the start (single node); otherwise shares
     *        are served as their aggregates are assigned to this node ({@link #syncShares})
     */
    public NodeDaemon(NodeConfig config, LifStateStore lifStore, HandleStore handleStore, boolean serveAllShares,
                      EventLog events) throws IOException {
        this.config = config;
        this.events = events;
        UserDatabase users = SmbMain.loadUsers(config.smbYaml(), config.baseDir());
        this.smbContext = new ServerContext(serveAllShares ? config.smb() : config.smb().withShares(List.of()), users);
        this.handleStore = handleStore;
        this.shareList = () -> config.smb().shares();
        smbContext.durable().setStore(handleStore);
        this.smb = new SmbServer(smbContext);
        this.topology = new LiveTopology(serverNames());
        NtlmServerConfig ntlm = smbContext.ntlmConfig();
        this.rpc = new WitnessRpcNode(topology, () -> shareInfos(), new NtlmRpcSecurityProvider(users, ntlm),
            config.witnessConfig(), RpcLimits.defaults(), config.epmPort(), config.witnessPort(), new LifResources());
        smbContext.setPipes(new SmbPipes(rpc));
        smbContext.setWitnessEnabled(true);
        this.lifs = new LifManager(config.node(), config.partner(), driver(config), lifStore);
        lifs.addListener(new Listener());
    }

    public NodeConfig config() { return config; }
    public EventLog events() { return events; }
    public ServerContext smbContext() { return smbContext; }
    public SmbServer smb() { return smb; }
    public WitnessRpcNode rpc() { return rpc; }
    public LifManager lifs() { return lifs; }

    private static LifDriver driver(NodeConfig c) {
        return switch (c.lifDriver()) {
            case "loopback" -> new LoopbackLifDriver(c.node());
            case "linux" -> new LinuxLifDriver();
            default -> throw new IllegalArgumentException("unknown lifDriver " + c.lifDriver() + " (loopback or linux)");
        };
    }

    /** Restores persistent handles, creates the SVM and LIFs in the LIF state if missing, and starts serving. */
    public void start() throws IOException {
        int restored = smbContext.durable().restore();
        if (restored > 0) events.add("handles.restored", restored + " persistent handle(s) reloaded, reclaimable for their timeout");
        lifs.start();
        if (lifs.state().svms().get(config.svmName()) == null) {
            lifs.createSvm(config.svmName(), config.netbiosName(), config.dnsName());
        }
        for (NodeConfig.LifSpec l : config.lifs()) {
            if (!lifs.state().lifs().containsKey(l.name())) {
                lifs.create(l.name(), config.svmName(), LifAddress.parse(l.address()), l.homeNode(), l.homePort(),
                    FailoverPolicy.PARTNER, l.autoRevert());
            }
        }
        refreshTopology();
        events.add("node.up", "node " + config.node() + " serving LIF(s) " + lifs.hostedHere());
    }

    /** A share served here, for the aggregate it was served for. */
    private record Served(String aggregate, ShareConfig config) {}

    /** Shares served here by lower-cased name (only those served through {@link #syncShares}). */
    private final java.util.Map<String, Served> served = new java.util.HashMap<>();

    /** What {@link #syncShares} changed; {@code failed}: "share: reason" for each share that could not be served. */
    public record SyncResult(List<String> added, List<String> updated, List<String> removed, List<String> failed, int restored,
                             int dropped) {
        public boolean changed() { return !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty() || !failed.isEmpty(); }
    }

    /**
     * Serves exactly {@code wanted} for {@code aggregate} (owned here): starts serving new shares, replaces changed
     * ones (new tree connects see the new properties; trees already connected keep the old ones), and stops
     * serving shares of the aggregate that are no longer wanted (deleted: their opens are dropped and their
     * clients reset, {@link ServerContext#releaseShare}). Reloads persistent handles when a share was added. A share
     * that cannot be served (e.g. its directory cannot be created) is reported in the result and does not keep
     * the aggregate's other shares offline.
     */
    public synchronized SyncResult syncShares(String aggregate, List<ShareConfig> wanted) throws IOException {
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int dropped = 0;
        java.util.Set<String> keep = new HashSet<>();
        for (ShareConfig sc : wanted) keep.add(sc.name().toLowerCase(Locale.ROOT));
        for (var e : List.copyOf(served.entrySet())) {
            if (e.getValue().aggregate().equals(aggregate) && !keep.contains(e.getKey())) {
                dropped += smbContext.releaseShare(e.getKey());
                served.remove(e.getKey());
                removed.add(e.getValue().config().name());
            }
        }
        // Restore before serve: a new share's persistent handles are reloaded before any TREE_CONNECT or CREATE can
        // reach it, so that they block conflicting opens from the first request on.
        List<Share> staged = new ArrayList<>();
        for (ShareConfig sc : wanted) {
            String k = sc.name().toLowerCase(Locale.ROOT);
            Served cur = served.get(k);
            if (cur != null && cur.config().equals(sc) && smbContext.share(k) != null) continue;
            Share share;
            try {
                share = smbContext.stageShare(sc);
            } catch (IOException | RuntimeException e) {
                failed.add(sc.name() + ": " + e);
                continue;
            }
            if (cur != null && smbContext.share(k) != null) {
                smbContext.publishShare(share); // a changed share: its handles are loaded already
                updated.add(sc.name());
            } else {
                staged.add(share);
                added.add(sc.name());
            }
            served.put(k, new Served(aggregate, sc));
        }
        int restored = staged.isEmpty() ? 0 : smbContext.durable().restore(staged);
        for (Share share : staged) smbContext.publishShare(share);
        return new SyncResult(added, updated, removed, failed, restored, dropped);
    }

    /** Stops serving every share of {@code aggregate} (it moved away, or this node is fenced); opens are left to the new owner. */
    public synchronized int releaseAggregate(String aggregate) {
        int n = 0;
        for (var e : List.copyOf(served.entrySet())) {
            if (!e.getValue().aggregate().equals(aggregate)) continue;
            n += smbContext.releaseShare(e.getKey());
            served.remove(e.getKey());
        }
        return n;
    }

    public boolean isServing(String share) {
        return smbContext.share(share) != null;
    }

    /**
     * Self-fencing after quorum loss: stop reading client requests, stop listening on every LIF address and
     * take the addresses off this node's interfaces (so the partner can bring them up without an address
     * conflict), all without changing the replicated state (this node may no longer write it).
     */
    public synchronized void fence(String why) {
        if (fenced) return;
        fenced = true;
        // Stop accepting and stop reading, but keep client connections and opens: if quorum comes back
        // with ownership unchanged (a leader election), clients only see a stall. If the partner took
        // over meanwhile, reconciling after quorum returns releases the shares and resets the clients.
        smb.pause();
        for (Lif l : lifs.state().lifs().values()) {
            if (config.node().equals(l.current().node())) {
                smb.stopListening(l.address().address());
                rpc.stopListening(l.address().address());
            }
        }
        List<String> off = lifs.suspendPlumbing();
        events.add("node.fenced", "node " + config.node() + " stopped serving: " + why + "; LIF(s) " + off
            + " taken off this node");
    }

    /**
     * Quorum is back (and the replicated state caught up): the LIF addresses the state still places here go
     * back on the interfaces, the others are dropped (their clients reset); listen on them again and resume
     * reading. The caller releases the aggregates this node no longer owns before this, so that no request
     * queued during the fence reaches an aggregate the partner now owns.
     */
    public synchronized void unfence() {
        if (!fenced) return;
        lifs.resumePlumbing();
        for (Lif l : lifs.state().lifs().values()) {
            if (config.node().equals(l.current().node()) && l.operUp() && lifs.hostedHere().contains(l.name())) {
                try {
                    smb.bind(l.address().address());
                    rpc.listenOn(l.address().address());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    events.add("lif.error", "cannot listen on " + l.address() + " after fencing: " + e.getMessage());
                }
            }
        }
        fenced = false;
        smb.resume();
        events.add("node.unfenced", "node " + config.node() + " has quorum again; serving LIF(s) " + lifs.hostedHere());
    }

    public boolean isFenced() { return fenced; }

    private Set<String> serverNames() {
        Set<String> s = new HashSet<>();
        s.add(config.netbiosName().toUpperCase(Locale.ROOT));
        s.add(config.dnsName().toUpperCase(Locale.ROOT));
        return s;
    }

    /**
     * Where the SVM's share list comes from (srvsvc's share enumeration, the witness's share names): the
     * configuration file unless the pair sets its effective share set (configuration plus admin changes).
     */
    public void setShareList(java.util.function.Supplier<List<ShareConfig>> list) {
        this.shareList = list == null ? () -> config.smb().shares() : list;
    }

    /** The SVM's shares (as in ONTAP, every node lists them all, whichever node serves them now). */
    private List<ShareInfo> shareInfos() {
        List<ShareInfo> out = new ArrayList<>();
        for (ShareConfig s : shareList.get()) {
            out.add(ShareInfo.disk(s.name(), s.comment() == null ? "" : s.comment(), "C:\\" + s.name()));
        }
        out.add(ShareInfo.ipc());
        return out;
    }

    /** Waits for the witness notifier to announce a LIF's admin status, keyed "lif/up" or "lif/down". */
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<Void>> adminAnnouncements =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** How long a clusapi online/offline waits for its RESOURCE_CHANGE to go out before it replies anyway. */
    static final long ADMIN_ANNOUNCE_WAIT_MS = 1000;

    private static String adminKey(String lif, boolean up) {
        return lif + (up ? "/up" : "/down");
    }

    /** Called by the witness notifier once it has told the witness about a LIF's admin status change. */
    public void adminStatusAnnounced(String lif, boolean up) {
        java.util.concurrent.CompletableFuture<Void> f = adminAnnouncements.remove(adminKey(lif, up));
        if (f != null) f.complete(null);
    }

    /** The witness topology is computed from the replicated LIF state on every call, so it is never stale. */
    private void refreshTopology() {
    }

    /** The witness interface list: every LIF of the SVM; those hosted by the other node get INTERFACE_WITNESS. */
    private List<WitnessInterface> witnessInterfaces() {
        List<WitnessInterface> ifaces = new ArrayList<>();
        if (lifs == null) return ifaces;
        for (Lif l : lifs.state().lifs().values()) {
            if (!l.svm().equals(config.svmName())) continue;
            InetAddress a = l.address().address();
            if (!(a instanceof Inet4Address v4)) continue;
            int state = l.adminUp() && l.operUp() ? WitnessConstants.STATE_AVAILABLE : WitnessConstants.STATE_UNAVAILABLE;
            ifaces.add(new WitnessInterface(l.home().node().toUpperCase(Locale.ROOT), state, v4, null,
                config.node().equals(l.current().node())));
        }
        return ifaces;
    }

    private final class LiveTopology implements WitnessTopology {
        private final Set<String> names;

        LiveTopology(Set<String> names) {
            this.names = names;
        }

        @Override
        public List<WitnessInterface> interfaces() {
            return witnessInterfaces();
        }

        @Override
        public boolean isServerName(String netName) {
            return names.contains(netName.toUpperCase(Locale.ROOT));
        }

        @Override
        public boolean isShare(String shareName) {
            return shareList.get().stream().anyMatch(sc -> sc.name().equalsIgnoreCase(shareName));
        }
    }

    /**
     * The MS-CMRP resources of this node (smbtorture's rpc.witness AsyncNotify toggles them): a LIF by name or
     * address, or the CIFS server name, which stands for the SVM's LIFs this node witnesses (those hosted by
     * the partner). Offline/online = LIF admin status down/up in the replicated state (`network interface
     * modify -status-admin`), so the hosting node unplumbs or plumbs the address and the witness on this node
     * sends RESOURCE_CHANGE to the clients registered for it.
     */
    private final class LifResources implements ClusterResources {
        private static final String SERVER = "server:";

        @Override
        public String resolve(String name) {
            if (lifs == null) return null;
            if (names().contains(name.toUpperCase(Locale.ROOT))) return SERVER + config.netbiosName();
            for (Lif l : lifs.state().lifs().values()) {
                if (!l.svm().equals(config.svmName())) continue;
                if (l.name().equalsIgnoreCase(name) || l.address().address().getHostAddress().equals(name)) return l.name();
            }
            return null;
        }

        private Set<String> names() {
            Set<String> s = serverNames();
            s.add(config.svmName().toUpperCase(Locale.ROOT));
            return s;
        }

        private List<Lif> members(String resource) {
            List<Lif> out = new ArrayList<>();
            for (Lif l : lifs.state().lifs().values()) {
                if (!l.svm().equals(config.svmName())) continue;
                if (resource.startsWith(SERVER) ? !config.node().equals(l.current().node()) : l.name().equals(resource)) {
                    out.add(l);
                }
            }
            return out;
        }

        @Override
        public int state(String resource) {
            List<Lif> m = members(resource);
            if (m.isEmpty()) return STATE_UNKNOWN;
            return m.stream().allMatch(Lif::adminUp) ? STATE_ONLINE : STATE_OFFLINE;
        }

        @Override
        public String ownerNode(String resource) {
            List<Lif> m = members(resource);
            return m.isEmpty() ? config.node() : m.get(0).current().node();
        }

        @Override
        public String group(String resource) {
            return config.svmName();
        }

        @Override
        public int online(String resource) {
            return setAdmin(resource, true);
        }

        @Override
        public int offline(String resource) {
            return setAdmin(resource, false);
        }

        private int setAdmin(String resource, boolean up) {
            try {
                for (Lif l : members(resource)) {
                    if (l.adminUp() != up) {
                        // the RESOURCE_CHANGE goes out before this call returns (bounded wait for the observer)
                        java.util.concurrent.CompletableFuture<Void> announced =
                            adminAnnouncements.computeIfAbsent(adminKey(l.name(), up), k -> new java.util.concurrent.CompletableFuture<>());
                        if (up) lifs.enable(l.name());
                        else lifs.disable(l.name());
                        try {
                            announced.get(ADMIN_ANNOUNCE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                            adminAnnouncements.remove(adminKey(l.name(), up), announced);
                            log.debug("RESOURCE_CHANGE for {} not announced within {} ms", l.name(), ADMIN_ANNOUNCE_WAIT_MS);
                        }
                        events.add("lif.admin", "LIF " + l.name() + " set administratively " + (up ? "up" : "down")
                            + " through clusapi");
                    }
                }
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1460; // ERROR_TIMEOUT
            } catch (RuntimeException e) {
                events.add("lif.error", "clusapi " + (up ? "online" : "offline") + " of " + resource + " failed: " + e.getMessage());
                return 5023; // ERROR_INVALID_STATE
            }
        }
    }

    private final class Listener implements LifListener {
        @Override
        public void lifUp(LifEvent e) {
            InetAddress a = e.address().address();
            if (fenced) {
                refreshTopology();
                return;
            }
            try {
                smb.bind(a);
                rpc.listenOn(a);
                events.add("lif.up", "LIF " + e.lifName() + " " + a.getHostAddress() + " is now served by " + config.node()
                    + " (" + e.reason() + ")");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException ex) {
                events.add("lif.error", "LIF " + e.lifName() + " could not be served: " + ex.getMessage());
                throw ex;
            } finally {
                refreshTopology();
            }
        }

        @Override
        public void lifDown(LifEvent e) {
            InetAddress a = e.address().address();
            smb.unbind(a);
            rpc.stopListening(a);
            refreshTopology();
            events.add("lif.down", "LIF " + e.lifName() + " " + a.getHostAddress() + " released by " + config.node()
                + " (" + e.reason() + ")");
        }

        @Override
        public void lifMoving(LifEvent e) {
            events.add("lif.moving", "LIF " + e.lifName() + " moving " + e.fromNode() + " -> " + e.toNode());
        }
    }

    @Override
    public void close() {
        events.add("node.down", "node " + config.node() + " stopping");
        try {
            lifs.close();
        } catch (RuntimeException e) {
            log.warn("LIF manager close: {}", e.toString());
        }
        smb.close();
        rpc.close();
        smbContext.close(); // break timers and durable expiries
        try {
            handleStore.close();
        } catch (IOException e) {
            log.warn("handle store close: {}", e.toString());
        }
    }

    /** A node without a partner: local handle log, in-memory LIF state, every share served. */
    public static NodeDaemon standalone(NodeConfig c) throws IOException {
        return new NodeDaemon(c, new InMemoryLifStateStore(), new LocalHandleStore(c.stateDir().resolve("handles.log")), true,
            new EventLog(c.node()));
    }
}
