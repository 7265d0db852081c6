package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.ha.takeover.LeadershipAffinity;
import dev.casmb.ha.takeover.TakeoverDecision;
import dev.casmb.ha.takeover.TakeoverDecision.Action;
import dev.casmb.ha.takeover.TakeoverDecision.Decision;
import dev.casmb.ha.takeover.TakeoverPlan;
import dev.casmb.ha.takeover.TakeoverPlans;
import dev.casmb.lif.model.Lif;
import dev.casmb.smb.ServerContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out failover (ONTAP's SFO) for this node: every heartbeat interval it samples the facts (quorum lease,
 * partner heartbeat, Raft's view of the partner, aggregate ownership) and does what {@link TakeoverDecision} says —
 * fence, release, rejoin, wait, hold off or take over; it installs the data-fencing hooks ({@link #installFencing});
 * it asks for Raft leadership when {@link LeadershipAffinity} says this node should lead; and it runs takeover,
 * giveback and aggregate relocation as {@link TakeoverPlan}s built by {@link TakeoverPlans} (the order of every
 * operation, in one place) over this node's {@code PairActions}. Serving follows the replicated ownership: whenever
 * ownership changes, {@link #reconcile} ({@link AggregateServing}) serves what this node owns and releases the rest.
 * MS-SWN notifications all go through {@link WitnessNotifier}.
 *
 * <p>Never two owners (README "Design notes", "Never two owners"): a node stops serving after {@code fence}
 * without quorum, and the survivor waits for {@code detect} (longer) of partner silence and must itself commit
 * the new ownership (which needs quorum) before it serves; every handle write carries the ownership epoch, so a
 * late write from the old owner is refused.
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
    private final QuorumLease lease;
    private final TakeoverDecision.Timing timing;
    private final LeadershipAffinity affinity = new LeadershipAffinity();
    private final AggregateServing serving;
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "failover");
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
        this.lease = new QuorumLease(node.node(), cluster.consensus(), pair.fence().toMillis());
        this.serving = new AggregateServing(node.node(), daemon, cluster, heartbeat, events, catalog);
        this.timing = new TakeoverDecision.Timing(pair.fence().toMillis(), pair.detect().toMillis(),
            pair.heartbeatInterval().toMillis(), pair.bootGrace().toMillis());
    }

    public void start() {
        cluster.state().setListener((index, cmd) -> {
            if (cmd instanceof ClusterCommand.SetOwner s) {
                if (RELOCATION.equals(s.reason())) witness.shareMove(s.aggregate(), s.node(), shares(s.aggregate()));
                exec.execute(this::reconcile);
            } else if (cmd instanceof ClusterCommand.SetShare s) {
                exec.execute(() -> {
                    events.add(ShareEvents.kind(s), ShareEvents.describe(s));
                    syncShares();
                });
            }
        });
        exec.execute(this::reconcile);
        lease.start();
        exec.scheduleWithFixedDelay(this::tick, pair.heartbeatInterval().toMillis(), pair.heartbeatInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    }

    private String me() { return node.node(); }
    private String partner() { return node.partner(); }

    public long quorumAgeMs() {
        return lease.ageMs();
    }

    /**
     * Data fencing, decided here (README "Continuous availability: what survives, and fencing", "Data fencing"):
     * the server admits client requests only while the quorum lease holds, and changes a share's data outside a
     * client frame (expiry, delete-on-close on disconnect) only while, in addition, this node's replica says it
     * owns the share's aggregate and it is not fenced ({@code ServerContext.mayMutate} checks both).
     */
    public void installFencing(ServerContext server) {
        server.setAdmission(() -> TakeoverDecision.leaseHeld(lease.ageMs(), timing.fenceMs()));
        server.setMutationGuard(name -> {
            String aggr = name == null ? null : catalog.aggregateOf(name);
            if (aggr == null) return name == null;
            ClusterStateMachine.Aggregate a = cluster.state().aggregates().get(aggr);
            return TakeoverDecision.mayChangeShare(a != null && a.owner().equals(me()), daemon.isFenced());
        });
    }

    /**
     * The facts the decision is taken on, sampled now. Raft's view of the partner (proof of a dead process, the
     * partner's contact age on the leader) is read only when the decision can depend on it, i.e. once the partner
     * has been silent for a few beats; otherwise it is reported as false.
     */
    private TakeoverDecision.Facts facts() {
        long now = System.nanoTime();
        var consensus = cluster.consensus();
        long silence = heartbeat.partnerSilenceMs();
        boolean dead = silence != TakeoverDecision.NEVER_HEARD && silence > timing.graceMs() && consensus.peerProcessDead(partner());
        boolean mayHoldLease = (silence > timing.detectMs() || dead)
            && QuorumLease.partnerMayHoldLease(partner(), consensus.isLeader(), consensus.members(), timing.fenceMs());
        return new TakeoverDecision.Facts(lease.ageMs(), daemon.isFenced(), silence, !ownedBy(partner()).isEmpty(),
            (now - startedNanos) / 1_000_000, (now - activeSinceNanos) / 1_000_000, dead, mayHoldLease, operationInProgress);
    }

    /** One failover tick: sample the facts, decide, act. */
    private void tick() {
        try {
            TakeoverDecision.Facts f = facts();
            Decision d = TakeoverDecision.decide(timing, f);
            if (d.action() == Action.REJOIN) {
                if (!rejoin()) return;
                f = facts();
                d = TakeoverDecision.decide(timing, f);
            }
            if (d.action().active()) attractLeadership();
            switch (d.action()) {
                case FENCE -> {
                    epochsAtFence = epochs();
                    daemon.fence("no Raft quorum for " + f.quorumAgeMs() + " ms");
                    heartbeat.setLocalState("fenced");
                }
                case RELEASE_FENCED -> serving.releaseAllFenced(f.quorumAgeMs());
                case STAY_FENCED, REJOIN -> { }
                case WAIT_FOR_BOOTING_PARTNER -> {
                    if (!bootWaitAnnounced) {
                        bootWaitAnnounced = true;
                        events.add("takeover.deferred", "partner " + partner() + " not heard from since this node started; waiting up to "
                            + pair.bootGrace().toSeconds() + " s for it before taking over its aggregates");
                    }
                }
                case HOLD_OFF -> {
                    if (!heldOffLogged) {
                        heldOffLogged = true;
                        events.add("takeover.held", "partner " + partner() + " silent on the heartbeat for " + f.partnerSilenceMs()
                            + " ms but still answering Raft: no takeover while it may hold its quorum lease");
                    }
                }
                case TAKE_OVER -> {
                    heldOffLogged = false;
                    unplannedTakeover(d.silenceMs(), d.processDead());
                }
                case NONE -> heldOffLogged = false;
            }
        } catch (RuntimeException e) {
            log.warn("failover tick failed", e);
        }
    }

    /**
     * Raft leadership follows the data ({@link LeadershipAffinity}): when this node should lead, the partner is
     * heard and the leader is elsewhere, and that has held for 3 s with no failover operation running here, ask
     * for leadership (at most every 10 s). Writes in flight during the transfer are retried by the consensus
     * layer with their call ids (its retry cache answers repeats).
     */
    private void attractLeadership() {
        String leader = cluster.consensus().leaderId();
        int theirs = ownedBy(partner()).size();
        boolean want = LeadershipAffinity.wants(LeadershipAffinity.shouldLead(me(), partner(), ownedBy(me()).size(), theirs),
            leader, me(), heartbeat.partnerSilenceMs() < timing.detectMs(), operationInProgress);
        if (!affinity.askNow(want, System.nanoTime())) return;
        events.add("raft.leader-transfer", "asking " + leader + " to hand Raft leadership to " + me()
            + ": this node serves " + (theirs == 0 ? "the aggregates" : "as many aggregates as its partner or more")
            + ", so its commits skip a hop");
        cluster.consensus().transferLeadership(me()).whenComplete((v, err) -> {
            if (err != null) log.info("Raft leadership transfer to {} failed: {}", me(), err.toString());
        });
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
        serving.releaseNotOwned();
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

    // ------------------------------------------------------------------------------------------------ the plans

    /** Reports each plan step with its duration in the event log (kind {@code plan.step}). */
    private final TakeoverPlan.Listener stepLog = new TakeoverPlan.Listener() {
        @Override
        public void stepDone(String plan, int index, int count, String step, long ms) {
            events.add("plan.step", plan + ": step " + index + "/" + count + " (" + step + ") done in " + ms + " ms");
        }

        @Override
        public void stepFailed(String plan, int index, int count, String step, long ms, Exception e) {
            events.add("plan.step-failed", plan + ": step " + index + "/" + count + " (" + step + ") failed after " + ms
                + " ms: " + e.getMessage() + "; later steps not run");
        }
    };

    /**
     * The steps of the plans ({@link TakeoverPlans}) on this node. Fields carry what an operation reports at its
     * end: the LIFs an unplanned takeover brought up (the failover thread only) and whether a relocation's
     * destination confirmed it serves the aggregate (under {@link #opLock}).
     */
    private final class PairActions implements TakeoverPlans.Actions {
        private final long t0 = System.nanoTime();
        private final List<Lif> moved = new ArrayList<>();
        private boolean confirmed;

        @Override
        public void announcePartnerLost(String partner) {
            witness.partnerLost(partner);
        }

        @Override
        public void commitOwnership(String from, String to, String reason) throws IOException {
            for (ClusterStateMachine.Aggregate a : ownedBy(from)) {
                cluster.commit(new ClusterCommand.SetOwner(a.name(), to, a.epoch(), reason));
            }
            if (to.equals(me()) && from.equals(partner()) && "unplanned takeover".equals(reason)) {
                events.add("takeover.owned", "ownership of " + partner() + "'s aggregates committed in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
        }

        @Override
        public void commitHomeOwnership(String node) throws IOException {
            for (ClusterStateMachine.Aggregate a : cluster.state().aggregates().values()) {
                if (a.home().equals(node) && !a.owner().equals(node)) {
                    cluster.commit(new ClusterCommand.SetOwner(a.name(), node, a.epoch(), "giveback"));
                }
            }
        }

        @Override
        public void commitRelocation(String aggregate, String destination) throws IOException {
            ClusterStateMachine.Aggregate a = cluster.state().aggregates().get(aggregate);
            if (a == null) throw new IOException("no aggregate " + aggregate);
            cluster.commit(new ClusterCommand.SetOwner(aggregate, destination, a.epoch(), RELOCATION));
        }

        @Override
        public void reconcile() {
            FailoverController.this.reconcile();
        }

        @Override
        public void takeOverPartnerLifs() {
            moved.addAll(daemon.lifs().onPartnerDown());
        }

        @Override
        public void migrateLifs(String from, String to) {
            for (Lif l : daemon.lifs().state().lifs().values()) {
                if (l.current().node().equals(from)) daemon.lifs().migrate(l.name(), to);
            }
        }

        @Override
        public void revertLifs(String node) {
            for (Lif l : daemon.lifs().state().lifs().values()) {
                if (l.home().node().equals(node) && !l.current().node().equals(node)) daemon.lifs().revert(l.name());
            }
        }

        @Override
        public void confirmServed(String aggregate, String destination) throws IOException {
            confirmed = destination.equals(me()) ? servedAggregates().contains(aggregate) : awaitPartnerServes(aggregate);
        }
    }

    // ------------------------------------------------------------------------------------------- the operations

    private void unplannedTakeover(long silenceMs, boolean processDead) {
        operationInProgress = true;
        long t0 = System.nanoTime();
        try {
            events.add("takeover.start", "partner " + partner() + (processDead
                ? " process died (connection refused by its host), heartbeat silent for " + silenceMs + " ms"
                : " silent for " + silenceMs + " ms") + ": unplanned takeover");
            PairActions actions = new PairActions();
            TakeoverPlans.unplannedTakeover(me(), partner(), actions).run(stepLog);
            events.add("takeover.done", "took over " + partner() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms; LIFs "
                + actions.moved.stream().map(Lif::name).toList());
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
        String refused = TakeoverDecision.refuseTakeover(partner(), ofNode);
        if (refused != null) throw new IOException(refused);
        return moveAll(ofNode, me(), "planned takeover of " + ofNode + " by " + me());
    }

    /** The same planned move, run on the node being taken over (e.g. `takeover -ofnode` typed on it). */
    public long handoff(String toNode, String reason) throws IOException {
        String refused = TakeoverDecision.refuseHandoff(partner(), toNode, heartbeat.partnerSilenceMs(), timing.detectMs());
        if (refused != null) throw new IOException(refused);
        return moveAll(me(), toNode, reason);
    }

    private long moveAll(String from, String to, String reason) throws IOException {
        synchronized (opLock) {
            operationInProgress = true;
            try {
                events.add("takeover.start", reason);
                long ms = TakeoverPlans.plannedTakeover(from, to, reason, new PairActions()).run(stepLog);
                events.add("takeover.done", reason + ": finished in " + ms + " ms");
                return ms;
            } finally {
                operationInProgress = false;
            }
        }
    }

    /** Giveback to {@code toNode} of its home aggregates and LIFs; may run on either node. */
    public long giveback(String toNode) throws IOException {
        synchronized (opLock) {
            operationInProgress = true;
            try {
                String refused = TakeoverDecision.refuseGiveback(me(), toNode, heartbeat.partnerSilenceMs(), timing.detectMs());
                if (refused != null) throw new IOException(refused);
                events.add("giveback.start", "giveback to " + toNode);
                long ms = TakeoverPlans.giveback(toNode, new PairActions()).run(stepLog);
                events.add("giveback.done", "giveback to " + toNode + " finished in " + ms + " ms");
                return ms;
            } finally {
                operationInProgress = false;
            }
        }
    }

    /** Aggregate relocation: ownership (and the shares and handles) move, LIFs stay. */
    public long relocate(String aggregate, String destination) throws IOException {
        synchronized (opLock) {
            ClusterStateMachine.Aggregate a = cluster.state().aggregates().get(aggregate);
            if (a == null) throw new IOException("no aggregate " + aggregate);
            if (a.owner().equals(destination)) return 0;
            events.add("arl.start", "relocating " + aggregate + " from " + a.owner() + " to " + destination);
            PairActions actions = new PairActions();
            long ms = TakeoverPlans.relocation(aggregate, destination, actions).run(stepLog);
            events.add("arl.done", "aggregate " + aggregate + " now owned by " + destination
                + (actions.confirmed ? " and online there" : "") + " (" + ms + " ms)");
            return ms;
        }
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
        CompletableFuture<Void> online = heartbeat.whenPartnerServes(aggregate, now.epoch());
        try {
            online.get(ARL_ONLINE_WAIT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            events.add("arl.slow", "aggregate " + aggregate + ": " + now.owner() + " has not reported it online within "
                + ARL_ONLINE_WAIT_MS + " ms of the relocation");
            throw new IOException("ownership moved to " + now.owner() + ", but it has not reported " + aggregate
                + " online within " + ARL_ONLINE_WAIT_MS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + now.owner() + " to serve " + aggregate);
        } catch (ExecutionException e) {
            throw new IOException("waiting for " + now.owner() + " to serve " + aggregate + " failed: " + e.getCause());
        } finally {
            online.cancel(false); // drops the waiter if it is still registered
        }
    }

    public Set<String> servedAggregates() {
        return serving.servedAggregates();
    }

    /** Serves the aggregates this node owns in the replicated state; releases the others ({@link AggregateServing}). */
    public void reconcile() {
        serving.reconcile();
    }

    /**
     * Brings the shares served here in line with the effective share set after an admin share change
     * ({@link AggregateServing#syncShares}). Called on the failover thread when a share change applies, and by
     * the admin command on this node, so that the command returns once its change is served here.
     */
    public void syncShares() {
        serving.syncShares();
    }

    private List<String> shares(String aggregate) {
        return catalog.sharesOf(aggregate).stream().map(dev.casmb.smb.config.ShareConfig::name).toList();
    }

    @Override
    public void close() {
        exec.shutdownNow();
        lease.close();
    }
}
