package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.lif.model.Lif;
import dev.casmb.rpc.swn.IpAddrInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides failover (ONTAP's SFO): it watches the partner's heartbeat and this node's
 * Raft quorum, fences this node when quorum is lost, takes over the partner's aggregates and LIFs when
 * the partner is silent, and carries out planned takeover, giveback and aggregate relocation. Serving
 * follows the replicated ownership: whenever ownership changes, {@link #reconcile} serves what this node
 * owns and releases the rest.
 *
 * <p>Never two owners: a node stops serving after {@code fence} without quorum, and the survivor waits
 * for {@code detect} (longer) of partner silence and must itself commit the new ownership (which needs
 * quorum) before it serves; every handle write carries the ownership epoch, so a late write from the
 * old owner is refused.
 */
public final class FailoverController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FailoverController.class);
    static final String RELOCATION = "aggregate relocation";
    private final NodeConfig node;
    private final PairConfig pair;
    private final NodeDaemon daemon;
    private final ClusterClient cluster;
    private final Heartbeat heartbeat;
    private final EventLog events;
    private final ShareCatalog catalog;
    private final WitnessNotifier witness;
    private final Set<String> served = new HashSet<>();
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "failover");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService quorumExec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quorum-lease");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastQuorumNanos = System.nanoTime();
    private volatile java.util.concurrent.CompletableFuture<Void> probe;
    private final java.util.concurrent.ExecutorService probeExec = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quorum-read");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean operationInProgress;
    private final long startedNanos = System.nanoTime();
    private boolean bootWaitAnnounced;
    /** When this node last (re)gained the right to act: start, or the end of its last fence. */
    private volatile long activeSinceNanos = System.nanoTime();
    private boolean heldOffLogged;
    private Map<String, Long> epochsAtFence = Map.of();
    /** Serialises admin operations (takeover, giveback, ARL); never held by reconcile or the timers. */
    private final Object opLock = new Object();

    public FailoverController(NodeConfig node, PairConfig pair, NodeDaemon daemon, ClusterClient cluster,
                              Heartbeat heartbeat, EventLog events, ShareCatalog catalog, WitnessNotifier witness) {
        this.node = node;
        this.witness = witness;
        this.catalog = catalog;
        this.pair = pair;
        this.daemon = daemon;
        this.cluster = cluster;
        this.heartbeat = heartbeat;
        this.events = events;
    }

    public void start() {
        cluster.state().setListener((index, cmd) -> {
            if (cmd instanceof ClusterCommand.SetOwner s) {
                if (RELOCATION.equals(s.reason())) announceShareMove(s.aggregate(), s.node());
                exec.execute(this::reconcile);
            } else if (cmd instanceof ClusterCommand.SetShare s) {
                exec.execute(() -> {
                    events.add(ShareEvents.kind(s), ShareEvents.describe(s));
                    syncShares();
                });
            }
        });
        exec.execute(this::reconcile);
        quorumExec.scheduleWithFixedDelay(this::checkQuorum, 0, 100, TimeUnit.MILLISECONDS);
        exec.scheduleWithFixedDelay(this::tick, pair.heartbeatInterval().toMillis(), pair.heartbeatInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    }

    private String me() { return node.node(); }
    private String partner() { return node.partner(); }

    /**
     * The quorum lease, from this member's own Raft view (no client round trip that could wedge): a
     * follower has quorum while it hears from the leader; the leader while at least one follower answers.
     * A backend that reports no contact ages falls back to a linearizable read.
     */
    private void checkQuorum() {
        try {
            long fence = pair.fence().toMillis();
            long now = System.nanoTime();
            if (cluster.consensus().reportsContactAges()) {
                // no reported age (e.g. this member is a candidate): no evidence of quorum, the lease just ages
                Long age = QuorumLease.contactAgeMs(me(), cluster.consensus().isLeader(), cluster.consensus().members());
                if (age != null && age >= 0 && age < fence) renewLease(now - age * 1_000_000L);
                return;
            }
            // A backend without contact ages: a read that needs quorum, off this thread and one at a time. Never
            // on this thread: a Ratis client connects synchronously in the caller, and to a blackholed peer that
            // took minutes, so the lease thread hung and a survivor that was a candidate stayed fenced.
            if (probe == null || probe.isDone()) {
                probe = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        cluster.consensus().query(new byte[0]).get(fence, TimeUnit.MILLISECONDS);
                        renewLease(now); // the read was sent at `now`: quorum was there no earlier than that
                    } catch (Exception e) {
                        log.debug("quorum read failed: {}", e.toString());
                    }
                }, probeExec);
            }
        } catch (RuntimeException e) {
            log.debug("quorum check failed: {}", e.toString());
        }
    }

    /**
     * The lease runs from the instant of the last contact that proved quorum, not from when that contact was
     * noticed: counting from the check would stretch the lease by up to {@code fence} (measured: a cut-off
     * node fenced 1.4 s after a partition, after its partner's takeover at 1.1 s).
     */
    private synchronized void renewLease(long contactNanos) {
        if (contactNanos - lastQuorumNanos > 0) lastQuorumNanos = contactNanos;
    }

    public long quorumAgeMs() {
        return (System.nanoTime() - lastQuorumNanos) / 1_000_000;
    }

    private void tick() {
        try {
            long q = quorumAgeMs();
            if (q > pair.fence().toMillis()) {
                if (!daemon.isFenced()) {
                    epochsAtFence = epochs();
                    daemon.fence("no Raft quorum for " + q + " ms");
                    heartbeat.setLocalState("fenced");
                } else if (q > pair.detect().toMillis()) {
                    releaseAllFenced(q);
                }
                return;
            }
            if (daemon.isFenced() && !rejoin()) return;
            // Right after this node (re)gained quorum after the partner acted (see rejoin), give the partner's
            // heartbeat a few intervals to arrive: a node that was itself cut off would otherwise take back, on
            // the first tick after healing, what the partner rightly took over.
            long silence = heartbeat.partnerSilenceMs();
            if (silence == Long.MAX_VALUE && !ownedBy(partner()).isEmpty()) {
                // never heard from the partner since this node started: it may just be booting more slowly
                long up = (System.nanoTime() - startedNanos) / 1_000_000;
                if (up < pair.bootGrace().toMillis()) {
                    if (!bootWaitAnnounced) {
                        bootWaitAnnounced = true;
                        events.add("takeover.deferred", "partner " + partner() + " not heard from since this node started; waiting up to "
                            + pair.bootGrace().toSeconds() + " s for it before taking over its aggregates");
                    }
                    return;
                }
            }
            attractLeadership();
            long sinceActive = (System.nanoTime() - activeSinceNanos) / 1_000_000;
            long grace = Math.min(pair.detect().toMillis(), 3 * pair.heartbeatInterval().toMillis());
            // A partner whose process is proven dead (its side connection broke and its host refused a reconnect:
            // see PeerLiveness) cannot be serving, so there is no lease to wait out: take over once the heartbeat
            // has also missed a few beats, instead of after the full detection time. A partition or a hung
            // process proves nothing (timeouts, not refusals) and still takes the detect + lease path.
            boolean dead = silence != Long.MAX_VALUE && silence > grace && cluster.consensus().peerProcessDead(partner());
            if ((silence > pair.detect().toMillis() || dead) && sinceActive >= grace && !operationInProgress
                && !ownedBy(partner()).isEmpty()) {
                if (!dead && QuorumLease.partnerMayHoldLease(partner(), cluster.consensus().isLeader(), cluster.consensus().members(),
                    pair.fence().toMillis())) {
                    if (!heldOffLogged) {
                        heldOffLogged = true;
                        events.add("takeover.held", "partner " + partner() + " silent on the heartbeat for " + silence
                            + " ms but still answering Raft: no takeover while it may hold its quorum lease");
                    }
                    return;
                }
                heldOffLogged = false;
                // never heard at all: silent for as long as this node has been up
                unplannedTakeover(silence == Long.MAX_VALUE ? (System.nanoTime() - startedNanos) / 1_000_000 : silence, dead);
            } else {
                heldOffLogged = false;
            }
        } catch (RuntimeException e) {
            log.warn("failover tick failed", e);
        }
    }

    private long attractSinceNanos;
    private long lastAttractNanos;

    /**
     * Which node should lead: the one serving aggregates while its partner serves none; with both serving
     * (active/active), the one serving more, and on a tie the one whose name sorts first (both nodes reach the same
     * answer, so leadership never ping-pongs). The other node's commits go through the leader.
     */
    private boolean servesMoreThanPartner() {
        int mine = ownedBy(me()).size();
        int theirs = ownedBy(partner()).size();
        if (mine == 0) return false;
        return mine > theirs || (mine == theirs && me().compareTo(partner()) < 0);
    }

    /**
     * Raft leadership follows the data: a commit from the leader saves the forward to the leader and the
     * wait until the commit index reaches this replica (demo pair, CA CREATE with 4 clients: p50 16 ms when
     * the partner leads, 4 ms when this node leads). So when this node should lead ({@link #servesMoreThanPartner}),
     * the partner is heard on the heartbeat and the leader is elsewhere, and that has held for 3 s with
     * no failover operation running here, ask for leadership (at most every 10 s). Writes in flight during
     * the transfer are retried by the consensus layer with their call ids (its retry cache answers repeats).
     */
    private void attractLeadership() {
        long now = System.nanoTime();
        String leader = cluster.consensus().leaderId();
        boolean want = !operationInProgress && leader != null && !leader.equals(me())
            && servesMoreThanPartner()
            && heartbeat.partnerSilenceMs() < pair.detect().toMillis();
        if (!want) {
            attractSinceNanos = 0;
            return;
        }
        if (attractSinceNanos == 0) attractSinceNanos = now;
        if (now - attractSinceNanos < 3_000_000_000L || (lastAttractNanos != 0 && now - lastAttractNanos < 10_000_000_000L)) return;
        lastAttractNanos = now;
        events.add("raft.leader-transfer", "asking " + leader + " to hand Raft leadership to " + me()
            + ": this node serves " + (ownedBy(partner()).isEmpty() ? "the aggregates" : "as many aggregates as its partner or more")
            + ", so its commits skip a hop");
        cluster.consensus().transferLeadership(me()).whenComplete((v, err) -> {
            if (err != null) log.info("Raft leadership transfer to {} failed: {}", me(), err.toString());
        });
    }

    /**
     * Fenced for longer than the partner's detection time: the partner may own this node's aggregates by
     * now, so their opens are dropped here (not written to the replicated state, which keeps them
     * reclaimable on the new owner) and their clients' connections are reset, so the clients reconnect
     * and reclaim wherever the aggregate is served instead of waiting on a node that will not answer.
     */
    private void releaseAllFenced(long quorumAgeMs) {
        synchronized (served) {
            if (served.isEmpty()) return;
            for (String a : List.copyOf(served)) {
                int n = daemon.releaseAggregate(a);
                served.remove(a);
                events.add("aggregate.released", "aggregate " + a + " released by fenced node " + me() + " (no quorum for "
                    + quorumAgeMs + " ms); " + n + " open(s) dropped here, their clients reset");
            }
        }
        announceServed();
    }

    /**
     * Quorum is back after a fence: catch the replica up with the leader, release what the partner took over
     * meanwhile (before any queued client request is read), then serve again. False: still fenced.
     */
    private boolean rejoin() {
        long t0 = System.nanoTime();
        if (!cluster.catchUp(java.time.Duration.ofSeconds(2))) {
            log.info("quorum is back but the replica has not caught up yet; staying fenced");
            return false;
        }
        releaseNotOwned();
        // Ownership changed while this node was cut off: the partner acted, so it is alive and this node must
        // hear its heartbeat again before any takeover (heartbeat grace). Unchanged: the partner's silence is
        // real (e.g. this node was fenced only because the lost partner was the Raft leader): no grace.
        boolean partnerActed = !epochs().equals(epochsAtFence);
        activeSinceNanos = partnerActed ? System.nanoTime() : System.nanoTime() - pair.detect().toNanos();
        daemon.unfence();
        heartbeat.setLocalState("up");
        reconcile();
        events.add("node.rejoined", "node " + me() + " caught up and serves " + servedAggregates() + " (rejoin took "
            + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        return true;
    }

    private Map<String, Long> epochs() {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (ClusterStateMachine.Aggregate a : cluster.state().aggregates().values()) m.put(a.name(), a.epoch());
        return m;
    }

    private List<ClusterStateMachine.Aggregate> ownedBy(String n) {
        List<ClusterStateMachine.Aggregate> out = new ArrayList<>();
        for (ClusterStateMachine.Aggregate a : cluster.state().aggregates().values()) {
            if (a.owner().equals(n)) out.add(a);
        }
        return out;
    }

    /** Serves the aggregates this node owns in the replicated state; releases the others. */
    public void reconcile() {
        if (daemon.isFenced()) return;
        releaseNotOwned();
        serveOwned();
        announceServed();
    }

    /** Tells the partner (in the heartbeat) which aggregates this node serves, with their ownership epochs. */
    private void announceServed() {
        Map<String, ClusterStateMachine.Aggregate> all = cluster.state().aggregates();
        Map<String, Long> m = new java.util.HashMap<>();
        synchronized (served) {
            for (String a : served) {
                ClusterStateMachine.Aggregate x = all.get(a);
                if (x != null && x.owner().equals(me())) m.put(a, x.epoch());
            }
        }
        heartbeat.setServed(m);
    }

    /** Releases (locally) the aggregates served here that the replicated state gives to another node. */
    private void releaseNotOwned() {
        Map<String, ClusterStateMachine.Aggregate> all = cluster.state().aggregates();
        synchronized (served) {
            for (String a : List.copyOf(served)) {
                ClusterStateMachine.Aggregate x = all.get(a);
                if (x == null || !x.owner().equals(me())) {
                    int n = daemon.releaseAggregate(a);
                    served.remove(a);
                    events.add("aggregate.released", "aggregate " + a + " released to " + (x == null ? "?" : x.owner())
                        + "; " + n + " open(s) handed over");
                }
            }
        }
    }

    private void serveOwned() {
        Map<String, ClusterStateMachine.Aggregate> all = cluster.state().aggregates();
        synchronized (served) {
            if (daemon.isFenced()) return;
            for (ClusterStateMachine.Aggregate x : all.values()) {
                if (!x.owner().equals(me()) || served.contains(x.name())) continue;
                try {
                    NodeDaemon.SyncResult r = daemon.syncShares(x.name(), catalog.sharesOf(x.name()));
                    served.add(x.name());
                    events.add("aggregate.online", "aggregate " + x.name() + " served by " + me() + " (epoch " + x.epoch()
                        + "), shares " + r.added() + "; " + r.restored() + " persistent handle(s) reclaimable");
                    if (!r.failed().isEmpty()) events.add("share.error", "not served on " + me() + ": " + r.failed());
                } catch (IOException e) {
                    events.add("aggregate.error", "aggregate " + x.name() + " could not be served: " + e.getMessage());
                }
            }
        }
    }

    private List<String> shares(String aggregate) {
        return catalog.sharesOf(aggregate).stream().map(dev.casmb.smb.config.ShareConfig::name).toList();
    }

    /**
     * Brings the shares served here in line with the effective share set after an admin share change: on
     * the aggregates this node serves, new shares come online, changed ones are replaced and deleted ones
     * stop being served (their opens closed). Called on the failover thread when a share change applies, and
     * by the admin command on this node, so that the command returns once its change is served here.
     */
    public void syncShares() {
        synchronized (served) {
            if (daemon.isFenced()) return;
            for (String a : served) {
                try {
                    NodeDaemon.SyncResult r = daemon.syncShares(a, catalog.sharesOf(a));
                    if (!r.changed()) continue;
                    events.add("share.served", "aggregate " + a + " on " + me() + ": shares online " + r.added() + ", updated "
                        + r.updated() + ", no longer served " + r.removed() + (r.dropped() > 0 ? " (" + r.dropped()
                        + " open(s) closed)" : ""));
                    if (!r.failed().isEmpty()) events.add("share.error", "not served on " + me() + ": " + r.failed());
                } catch (IOException | RuntimeException e) {
                    events.add("share.error", "shares of aggregate " + a + " could not be updated on " + me() + ": " + e.getMessage());
                }
            }
        }
    }

    private void unplannedTakeover(long silenceMs, boolean processDead) {
        operationInProgress = true;
        long t0 = System.nanoTime();
        try {
            events.add("takeover.start", "partner " + partner() + (processDead
                ? " process died (connection refused by its host), heartbeat silent for " + silenceMs + " ms"
                : " silent for " + silenceMs + " ms") + ": unplanned takeover");
            witness.partnerLost(partner());
            for (ClusterStateMachine.Aggregate a : ownedBy(partner())) {
                cluster.commit(new ClusterCommand.SetOwner(a.name(), me(), a.epoch(), "unplanned takeover"));
            }
            events.add("takeover.owned", "ownership of " + partner() + "'s aggregates committed in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
            reconcile();
            List<Lif> moved = daemon.lifs().onPartnerDown();
            events.add("takeover.done", "took over " + partner() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms; LIFs "
                + moved.stream().map(Lif::name).toList());
        } catch (IOException | RuntimeException e) {
            events.add("takeover.failed", "unplanned takeover of " + partner() + " failed: " + e.getMessage());
        } finally {
            operationInProgress = false;
        }
    }

    /**
     * Planned takeover of {@code ofNode} by this node (run here): ownership first (the partner releases its
     * opens, this node reloads them), then the partner's LIFs migrate here. Returns the elapsed ms.
     */
    public long takeover(String ofNode) throws IOException {
        if (!ofNode.equals(partner())) throw new IOException("this node can only take over its partner " + partner());
        return moveAll(ofNode, me(), "planned takeover of " + ofNode + " by " + me());
    }

    /** The same planned move, run on the node being taken over (e.g. `takeover -ofnode` typed on it). */
    public long handoff(String toNode, String reason) throws IOException {
        if (!toNode.equals(partner())) throw new IOException("can only hand over to the partner " + partner());
        if (heartbeat.partnerSilenceMs() > pair.detect().toMillis()) throw new IOException("partner " + toNode + " is not up");
        return moveAll(me(), toNode, reason);
    }

    private long moveAll(String from, String to, String reason) throws IOException {
        synchronized (opLock) {
            return moveAllLocked(from, to, reason);
        }
    }

    private long moveAllLocked(String from, String to, String reason) throws IOException {
        operationInProgress = true;
        long t0 = System.nanoTime();
        try {
            events.add("takeover.start", reason);
            for (ClusterStateMachine.Aggregate a : ownedBy(from)) {
                cluster.commit(new ClusterCommand.SetOwner(a.name(), to, a.epoch(), reason));
            }
            reconcile();
            for (Lif l : daemon.lifs().state().lifs().values()) {
                if (l.current().node().equals(from)) daemon.lifs().migrate(l.name(), to);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            events.add("takeover.done", reason + ": finished in " + ms + " ms");
            return ms;
        } finally {
            operationInProgress = false;
        }
    }

    /** Giveback to {@code toNode} of its home aggregates and LIFs; may run on either node. */
    public long giveback(String toNode) throws IOException {
        synchronized (opLock) {
            return givebackLocked(toNode);
        }
    }

    private long givebackLocked(String toNode) throws IOException {
        operationInProgress = true;
        long t0 = System.nanoTime();
        try {
            if (!toNode.equals(me()) && heartbeat.partnerSilenceMs() > pair.detect().toMillis()) {
                throw new IOException("partner " + toNode + " is not up (silent " + heartbeat.partnerSilenceMs() + " ms)");
            }
            events.add("giveback.start", "giveback to " + toNode);
            for (ClusterStateMachine.Aggregate a : cluster.state().aggregates().values()) {
                if (a.home().equals(toNode) && !a.owner().equals(toNode)) {
                    cluster.commit(new ClusterCommand.SetOwner(a.name(), toNode, a.epoch(), "giveback"));
                }
            }
            reconcile();
            for (Lif l : daemon.lifs().state().lifs().values()) {
                if (l.home().node().equals(toNode) && !l.current().node().equals(toNode)) daemon.lifs().revert(l.name());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            events.add("giveback.done", "giveback to " + toNode + " finished in " + ms + " ms");
            return ms;
        } finally {
            operationInProgress = false;
        }
    }

    /** Aggregate relocation: ownership (and the shares and handles) move, LIFs stay. */
    public long relocate(String aggregate, String destination) throws IOException {
        synchronized (opLock) {
            return relocateLocked(aggregate, destination);
        }
    }

    private long relocateLocked(String aggregate, String destination) throws IOException {
        ClusterStateMachine.Aggregate a = cluster.state().aggregates().get(aggregate);
        if (a == null) throw new IOException("no aggregate " + aggregate);
        if (a.owner().equals(destination)) return 0;
        long t0 = System.nanoTime();
        events.add("arl.start", "relocating " + aggregate + " from " + a.owner() + " to " + destination);
        cluster.commit(new ClusterCommand.SetOwner(aggregate, destination, a.epoch(), RELOCATION));
        reconcile();
        boolean confirmed = destination.equals(me()) ? servedAggregates().contains(aggregate) : awaitPartnerServes(aggregate);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        events.add("arl.done", "aggregate " + aggregate + " now owned by " + destination
            + (confirmed ? " and online there" : "") + " (" + ms + " ms)");
        return ms;
    }

    /** Bound on how long a relocation run on the source waits for the destination to serve the aggregate. */
    static final long ARL_ONLINE_WAIT_MS = 15_000;

    /**
     * Run on the source of a relocation: returns once the destination's heartbeat says it serves the
     * aggregate at the new epoch, so a script that connects to the destination right after the command
     * finds the shares there (a node that has not applied the ownership change yet refuses the tree
     * connect). Bounded: a slow destination is reported, not waited for without end. False if the partner
     * cannot tell (an earlier version that does not list what it serves).
     */
    private boolean awaitPartnerServes(String aggregate) throws IOException {
        ClusterStateMachine.Aggregate now = cluster.state().aggregates().get(aggregate);
        if (now == null || !heartbeat.partnerAnnouncesServed()) return false; // a partner of an earlier version cannot say
        long deadline = System.nanoTime() + ARL_ONLINE_WAIT_MS * 1_000_000;
        while (!heartbeat.partnerServes(aggregate, now.epoch())) {
            if (System.nanoTime() > deadline) {
                events.add("arl.slow", "aggregate " + aggregate + ": " + now.owner() + " has not reported it online within "
                    + ARL_ONLINE_WAIT_MS + " ms of the relocation");
                throw new IOException("ownership moved to " + now.owner() + ", but it has not reported " + aggregate
                    + " online within " + ARL_ONLINE_WAIT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + now.owner() + " to serve " + aggregate);
            }
        }
        return true;
    }

    /**
     * MS-SWN SHARE_MOVE on aggregate relocation, on both nodes as the replicated ownership change applies: the
     * witness registrations that named a share of the aggregate are told to use the destination node's LIFs.
     */
    private void announceShareMove(String aggregate, String destination) {
        try {
            List<IpAddrInfo> dest = new ArrayList<>();
            for (Lif l : daemon.lifs().state().lifs().values()) {
                if (l.svm().equals(node.svmName()) && l.current().node().equals(destination) && l.adminUp() && l.operUp()) {
                    dest.add(new IpAddrInfo(l.address().address(), true));
                }
            }
            if (dest.isEmpty()) return;
            for (String share : shares(aggregate)) {
                if (daemon.rpc().witness().registrations().stream().noneMatch(r -> share.equalsIgnoreCase(r.shareName()))) continue;
                events.add("witness.share-move", "SHARE_MOVE for share " + share + " -> " + dest.stream()
                    .map(d -> d.address().getHostAddress()).toList());
                daemon.rpc().events().shareMove(share, dest);
            }
        } catch (RuntimeException e) {
            log.warn("SHARE_MOVE for {} failed: {}", aggregate, e.toString());
        }
    }

    public Set<String> servedAggregates() {
        synchronized (served) {
            return Set.copyOf(served);
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
        quorumExec.shutdownNow();
        probeExec.shutdownNow();
    }
}
