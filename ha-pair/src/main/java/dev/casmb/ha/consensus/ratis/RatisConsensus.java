package dev.casmb.ha.consensus.ratis;

import dev.casmb.ha.consensus.ClusterSpec;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.GroupCommitter;
import dev.casmb.ha.consensus.LatencyHistogram;
import dev.casmb.ha.consensus.LeadershipListener;
import dev.casmb.ha.consensus.MemberHealth;
import dev.casmb.ha.consensus.ReplicatedState;
import dev.casmb.ha.consensus.StateMachine;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

import dev.casmb.ha.consensus.PeerLiveness;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorageMetadata;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Consensus over Apache Ratis 3.3 (shaded: no Netty/Guava clash with the SMB server), Netty RPC. The mediator gets
 * priority 0 so it never wins an election against a data node with an equally long log (docs/DESIGN.md "Raft
 * library findings", R-priority: priority 0 was never elected, but a longer log still wins, so the mediator holds
 * full state). Snapshots are auto-triggered and old log segments purged so the log stays bounded.
 */
public final class RatisConsensus implements Consensus {
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("casmb-ha".getBytes(StandardCharsets.UTF_8)));
    private final ClusterSpec spec;
    private final ReplicatedState state;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final RaftGroup group;
    private final long snapshotThreshold;
    /** Side port of the process-death detector: Raft port + this. */
    public static final int LIVENESS_PORT_OFFSET = Integer.getInteger("casmb.raft.liveness.offset", 100);
    private static final boolean LIVENESS = !Boolean.getBoolean("casmb.raft.liveness.disabled");
    private static final long SUBMIT_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SUSPECT_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
    private static final long FOLLOW_UP_MS = 80;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RatisConsensus.class);
    private final ClientId writerId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong failoverEvents = new AtomicLong();
    private final AtomicBoolean yielding = new AtomicBoolean();
    private final Map<RaftPeerId, Long> suspects = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "casmb-raft-timer");
        t.setDaemon(true);
        return t;
    });
    private RaftServer server;
    private RaftServer.Division division;
    private RaftPeerId self;
    private RaftClient client;
    private RaftProperties clientProps;
    private RaftGroup clientGroup;
    private RaftClient queryClient;
    private RaftClientRpc rpc;
    private PeerLiveness liveness;
    private GroupCommitter committer;
    private volatile RaftPeerId hint;
    private volatile RaftPeerId lastYieldTarget;
    private volatile boolean closed;
    private volatile String leader;

    public RatisConsensus(ClusterSpec spec, StateMachine sm) {
        this(spec, sm, 10_000);
    }

    /** @param snapshotThreshold log entries between automatic snapshots */
    public RatisConsensus(ClusterSpec spec, StateMachine sm, long snapshotThreshold) {
        this.spec = spec;
        this.state = new ReplicatedState(sm);
        this.snapshotThreshold = snapshotThreshold;
        List<RaftPeer> peers = new ArrayList<>();
        for (ClusterSpec.Peer p : spec.peers()) {
            peers.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.address())
                    .setPriority(p.mediator() ? 0 : 1).build());
        }
        this.group = RaftGroup.valueOf(GROUP_ID, peers);
    }

    @Override
    public void start() throws Exception {
        ClusterSpec.Peer me = spec.local();
        self = RaftPeerId.valueOf(me.id());
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(props, me.host());
        NettyConfigKeys.Server.setPort(props, me.port());
        RaftServerConfigKeys.setStorageDir(props, List.of(spec.dataDir().toFile()));
        // Election timeout randomised in [E, 2E] on data nodes; the mediator waits [2E, 3E] so that, when no
        // process-death signal arrives (host crash, partition), a data node normally times out first.
        // The leader's heartbeat interval is E/2 (Ratis derives it from the minimum timeout).
        long e = spec.electionTimeout().toMillis();
        long min = me.mediator() ? 2 * e : e;
        long max = me.mediator() ? 3 * e : 2 * e;
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(min, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(max, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(Math.max(1000, 3 * e), TimeUnit.MILLISECONDS));
        // A leader that steps down for lost heartbeats (e.g. after a host stall of ~0.5 s) may not campaign again
        // for Ratis's default 10 s. When it also holds the longest log, nobody else can win (log up-to-dateness),
        // so the whole group stayed leaderless and both data nodes fenced for seconds (CI, PairPlannedTest and
        // PairPartitionTest under heavy load). Pre-vote already keeps a cut-off node from disrupting the rest,
        // so the wait only needs to cover one election timeout.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(props, TimeDuration.valueOf(max, TimeUnit.MILLISECONDS));
        // Bounded log: snapshot every N entries, keep 2 snapshots, purge segments below the snapshot
        // (docs/DESIGN.md R-bounded-log).
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, snapshotThreshold);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, org.apache.ratis.util.SizeInBytes.valueOf("8MB"));
        // Durability (see DESIGN-raft.md "What is fsync'd before ack"): the log worker fsyncs every append
        // before it counts towards the commit index (unsafe-flush and async-flush stay off, the defaults).
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(props, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(props, false);
        // Latency: the leader's log appender otherwise waits (Ratis default 10 ms) between appendEntries calls
        // to batch; our entries are small and each one holds an SMB reply, so send at once (the log worker
        // still batches whatever queued meanwhile into one fsync).
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(props, TimeDuration.ZERO);

        RatisStateMachine sm = new RatisStateMachine(state, this::onLeader);
        server = RaftServer.newBuilder()
                .setServerId(self)
                .setGroup(group)
                .setProperties(props)
                .setStateMachine(sm)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        division = server.getDivision(GROUP_ID);

        RaftProperties cprops = new RaftProperties();
        RaftConfigKeys.Rpc.setType(cprops, SupportedRpcType.NETTY);
        RaftClientConfigKeys.Rpc.setRequestTimeout(cprops, TimeDuration.valueOf(Math.max(1000, 3 * e), TimeUnit.MILLISECONDS));
        clientProps = cprops;
        clientGroup = group;
        // the writes' RPC endpoint; the client itself is built like the query client (~15 s of fast retries)
        client = newQueryClient();
        rpc = client.getClientRpc();
        queryClient = newQueryClient();
        if (LIVENESS) {
            Map<String, InetSocketAddress> others = new LinkedHashMap<>();
            for (ClusterSpec.Peer p : spec.peers()) {
                if (!p.id().equals(me.id())) {
                    others.put(p.id(), new InetSocketAddress(p.host(), p.port() + LIVENESS_PORT_OFFSET));
                }
            }
            try {
                liveness = new PeerLiveness(new InetSocketAddress(me.host(), me.port() + LIVENESS_PORT_OFFSET), others,
                        this::onPeerLiveness);
            } catch (IOException ex) {
                LOG.warn("process-death detector disabled (election timeouts only): {}", ex.toString());
            }
        }
        committer = new GroupCommitter("ratis-" + me.id(), this::sendEntry, 8, 1 << 20, 100_000, latency);
    }

    // ---------------------------------------------------------------- write path

    /**
     * Replicates one group-commit entry. Routing: if this server leads, the request goes straight into the
     * local Ratis division (no RPC, no client thread); otherwise it is sent to the leader this server
     * currently follows. Every attempt of an entry carries the same (clientId, callId), so a retry after a
     * leader change is answered from the new leader's retry cache instead of being applied twice.
     */
    private CompletableFuture<byte[]> sendEntry(byte[] entry) {
        Message msg = Message.valueOf(UnsafeByteOperations.unsafeWrap(entry));
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        attempt(msg, callIds.incrementAndGet(), result, System.nanoTime() + SUBMIT_DEADLINE_NANOS);
        return result;
    }

    private void attempt(Message msg, long callId, CompletableFuture<byte[]> result, long deadline) {
        if (closed) {
            result.completeExceptionally(new IllegalStateException("consensus closed"));
            return;
        }
        if (System.nanoTime() > deadline) {
            result.completeExceptionally(new TimeoutException("no quorum/leader for "
                    + TimeUnit.NANOSECONDS.toSeconds(SUBMIT_DEADLINE_NANOS) + " s"));
            return;
        }
        RaftPeerId target = route();
        if (target == null) {
            retryLater(msg, callId, result, deadline, 5);
            return;
        }
        RaftClientRequest req = RaftClientRequest.newBuilder()
                .setClientId(writerId).setServerId(target).setGroupId(GROUP_ID).setCallId(callId)
                .setMessage(msg).setType(RaftClientRequest.writeRequestType()).build();
        CompletableFuture<RaftClientReply> f;
        try {
            f = target.equals(self) ? server.submitClientRequestAsync(req) : rpc.sendRequestAsync(req);
        } catch (Exception ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        f.whenComplete((reply, err) -> onReply(target, msg, callId, result, deadline, reply, err));
    }

    private void onReply(RaftPeerId target, Message msg, long callId, CompletableFuture<byte[]> result, long deadline,
                         RaftClientReply reply, Throwable err) {
        Throwable ex = err;
        while ((ex instanceof java.util.concurrent.CompletionException || ex instanceof java.util.concurrent.ExecutionException)
                && ex.getCause() != null) {
            ex = ex.getCause();
        }
        if (ex == null) {
            if (reply.isSuccess()) {
                byte[] bytes = reply.getMessage().getContent().toByteArray();
                result.complete(bytes);
                return;
            }
            ex = reply.getException();
            if (ex == null) {
                ex = new IllegalStateException("raft request failed without exception");
            }
        }
        if (ex instanceof NotLeaderException nle) {
            RaftPeerId suggested = nle.getSuggestedLeader() == null ? null : nle.getSuggestedLeader().getId();
            hint = suggested != null && !suggested.equals(target) ? suggested : null;
            retryLater(msg, callId, result, deadline, hint != null ? 0 : 5);
        } else if (ex instanceof LeaderNotReadyException || ex instanceof LeaderSteppingDownException
                || ex instanceof TransferLeadershipException || ex instanceof ServerNotReadyException
                || ex instanceof ResourceUnavailableException) {
            retryLater(msg, callId, result, deadline, 3);
        } else if (ex instanceof IllegalStateException && !closed) {
            // Seen around leader changes: the new leader still holds this call's earlier attempt as pending
            // ("previous is expected to be null"). The call id is reused on retry, so the server's retry cache
            // answers the retry with the first attempt's result: retrying is safe, failing the write is not.
            LOG.debug("write {} to {}: {}; retrying", callId, target, ex.toString());
            retryLater(msg, callId, result, deadline, 10);
        } else if (ex instanceof StateMachineException || ex instanceof RejectedExecutionException) {
            result.completeExceptionally(ex);
        } else if (ex instanceof IOException) {
            // Connection refused/closed/timeout: the target is (probably) gone. Avoid it briefly.
            suspects.put(target, System.nanoTime() + SUSPECT_NANOS);
            if (hint != null && hint.equals(target)) {
                hint = null;
            }
            if (!target.equals(self)) {
                rpc.handleException(target, ex, true);
            }
            retryLater(msg, callId, result, deadline, 5);
        } else {
            result.completeExceptionally(ex);
        }
    }

    private void retryLater(Message msg, long callId, CompletableFuture<byte[]> result, long deadline, long delayMs) {
        if (delayMs <= 0) {
            attempt(msg, callId, result, deadline);
            return;
        }
        try {
            timer.schedule(() -> attempt(msg, callId, result, deadline), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("consensus closed"));
        }
    }

    /** Where to send a write now: self if leading, else the leader this server follows, else a hint; null = wait. */
    private RaftPeerId route() {
        DivisionInfo info = division.getInfo();
        if (info.isLeader()) {
            return self;
        }
        RaftPeerId l = info.getLeaderId();
        if (usable(l)) {
            return l;
        }
        RaftPeerId h = hint;
        return usable(h) ? h : null;
    }

    private boolean usable(RaftPeerId id) {
        if (id == null || id.equals(self)) {
            return false;
        }
        if (liveness != null && !liveness.maybeAlive(id.toString())) {
            return false;
        }
        Long until = suspects.get(id);
        return until == null || System.nanoTime() > until;
    }

    // ---------------------------------------------------------------- fast failover

    /**
     * A peer process died (its side connection dropped and it refuses connections). If it was our leader,
     * start an election now instead of after the election timeout. One survivor goes at once: the first data
     * node in configuration order; everybody else (the other data node, the mediator) only steps in if no
     * leader emerged after a short grace period, so the two survivors do not split the vote.
     */
    private void onPeerLiveness(String peerId, boolean alive) {
        if (alive || closed || division == null) {
            return;
        }
        RaftPeerId dead = RaftPeerId.valueOf(peerId);
        DivisionInfo info = division.getInfo();
        RaftPeerId current = info.getLeaderId();
        if (!info.isFollower() || (current != null && !current.equals(dead))) {
            return; // not our leader (or we are already campaigning/leading)
        }
        ClusterSpec.Peer first = null;
        for (ClusterSpec.Peer p : spec.peers()) {
            if (!p.mediator() && !p.id().equals(peerId) && (p.id().equals(spec.localId()) || liveness.maybeAlive(p.id()))) {
                first = p;
                break;
            }
        }
        boolean primary = first != null && first.id().equals(spec.localId());
        if (primary) {
            failoverEvents.incrementAndGet();
            forceElection(dead, "leader " + peerId + " process died");
        }
        // Follow-up: poll until a leader emerges. Step in when an election of a newer term reached us and we
        // did not vote for it (the candidate lacks our log, e.g. the mediator holds a longer log than the
        // surviving data node), or when nothing happened for a while (the primary could not start one).
        long termAtDeath = info.getCurrentTerm();
        long idleMs = primary ? 3 * FOLLOW_UP_MS : 2 * FOLLOW_UP_MS;
        long t0 = System.nanoTime();
        LOG.info("{}: leader {} process died (term {}, primary={})", spec.localId(), peerId, termAtDeath, primary);
        timer.schedule(() -> followUp(dead, termAtDeath, t0, idleMs), FOLLOW_UP_MS / 2, TimeUnit.MILLISECONDS);
    }

    private void followUp(RaftPeerId dead, long termAtDeath, long t0, long idleMs) {
        try {
            followUp0(dead, termAtDeath, t0, idleMs);
        } catch (RuntimeException ex) {
            LOG.warn("failover follow-up failed", ex);
        }
    }

    private void followUp0(RaftPeerId dead, long termAtDeath, long t0, long idleMs) {
        if (closed) {
            return;
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (elapsed > 10 * FOLLOW_UP_MS) {
            return; // leave the rest to Ratis's own election timeouts
        }
        DivisionInfo info = division.getInfo();
        RaftPeerId l = info.getLeaderId();
        if (l != null && !l.equals(dead)) {
            return; // somebody leads
        }
        boolean act = false;
        if (info.isFollower()) {
            try {
                long term = info.getCurrentTerm();
                RaftStorageMetadata md = division.getRaftStorage().getMetadataFile().getMetadata();
                RaftPeerId votedFor = md.getVotedFor(); // Ratis persists "no vote" as an empty id
                // metadata of an older term = the term change is still being persisted: treat as "voted, wait"
                boolean voted = md.getTerm() != term
                        || (votedFor != null && !votedFor.toString().isEmpty() && !dead.equals(votedFor));
                act = !voted && (term > termAtDeath || elapsed >= idleMs);
                LOG.info("{}: follow-up {} ms: term {} (at death {}), votedFor {}@{}, leader {} -> {}", spec.localId(),
                        elapsed, term, termAtDeath, md.getVotedFor(), md.getTerm(), l, act ? "elect" : "wait");
            } catch (IOException ex) {
                act = false;
            }
        }
        if (act) {
            forceElection(dead, "no leader " + elapsed + " ms after " + dead + " died");
        }
        timer.schedule(() -> followUp(dead, termAtDeath, t0, idleMs), FOLLOW_UP_MS / 2, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts an election without waiting for the election timeout and without pre-vote, through Ratis's own
     * leadership-transfer entry point (the request is addressed as if from the dead leader, which is what the
     * leader itself would send on a transfer). Vote safety is untouched: voters still apply the log
     * up-to-dateness and term rules. When our last entry is older than the current term (the forged request
     * would not be recognised) the candidate switch is made directly.
     */
    private void forceElection(RaftPeerId dead, String why) {
        try {
            DivisionInfo info = division.getInfo();
            if (!info.isFollower()) {
                LOG.info("{}: {} -> no election: role {}", spec.localId(), why, info.getCurrentRole());
                return;
            }
            TermIndex last = division.getRaftLog().getLastEntryTermIndex();
            boolean done = false;
            if (last != null && last.getTerm() >= info.getCurrentTerm() && dead.equals(info.getLeaderId())) {
                StartLeaderElectionRequestProto req = StartLeaderElectionRequestProto.newBuilder()
                        .setServerRequest(RaftRpcRequestProto.newBuilder()
                                .setRequestorId(dead.toByteString())
                                .setReplyId(self.toByteString())
                                .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(GROUP_ID.toByteString()))
                                .setCallId(callIds.incrementAndGet()))
                        .setLeaderLastEntry(last.toProto())
                        .build();
                done = server.startLeaderElection(req).getServerReply().getSuccess();
            }
            if (!done) {
                done = changeToCandidate();
            }
            LOG.info("{}: {} -> election {}", spec.localId(), why, done ? "started" : "not started");
        } catch (Exception ex) {
            LOG.info("{}: {} -> election not started: {}", spec.localId(), why, ex.toString());
        }
    }

    private boolean changeToCandidate() {
        try {
            java.lang.reflect.Method m = division.getClass().getDeclaredMethod("changeToCandidate", boolean.class);
            m.setAccessible(true);
            synchronized (division) {
                if (!division.getInfo().isFollower()) {
                    return false;
                }
                m.invoke(division, true);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException ex) {
            LOG.debug("changeToCandidate unavailable: {}", ex.toString());
            return false;
        }
    }

    /**
     * The mediator must not stay leader (it serves no SMB and is the least provisioned member). Ratis's own
     * priority-based yield only runs when the leader is idle, so under steady writes it never fires: as soon
     * as the mediator leads and is ready, hand leadership to a live data node (Ratis waits until the
     * transferee has caught up; new writes get LeaderSteppingDown/TransferLeadership and are retried).
     */
    private void mediatorYield(int round) {
        if (closed || round > 100 || !division.getInfo().isLeader()) {
            yielding.set(false);
            return;
        }
        if (!division.getInfo().isLeaderReady()) {
            timer.schedule(() -> mediatorYield(round + 1), 10, TimeUnit.MILLISECONDS);
            return;
        }
        RaftPeerId target = null;
        for (ClusterSpec.Peer p : spec.peers()) {
            if (!p.mediator() && (liveness == null || liveness.maybeAlive(p.id()))) {
                RaftPeerId id = RaftPeerId.valueOf(p.id());
                if (target == null || id.equals(lastYieldTarget) == false) {
                    target = id;
                    if (!id.equals(lastYieldTarget)) {
                        break;
                    }
                }
            }
        }
        if (target == null) {
            timer.schedule(() -> mediatorYield(round + 1), 50, TimeUnit.MILLISECONDS);
            return;
        }
        final RaftPeerId to = target;
        lastYieldTarget = to;
        try {
            server.transferLeadershipAsync(new TransferLeadershipRequest(writerId, self, GROUP_ID,
                    callIds.incrementAndGet(), to, 1000)).whenComplete((r, err) -> {
                        boolean ok = err == null && r.isSuccess();
                        LOG.info("mediator {}: leadership transfer to {} {}", spec.localId(), to,
                                ok ? "done" : "failed: " + (err != null ? err : r.getException()));
                        if (ok) {
                            yielding.set(false);
                        } else {
                            timer.schedule(() -> mediatorYield(round + 1), 20, TimeUnit.MILLISECONDS);
                        }
                    });
        } catch (Exception ex) {
            timer.schedule(() -> mediatorYield(round + 1), 20, TimeUnit.MILLISECONDS);
        }
    }

    private static byte[] content(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new IllegalStateException("raft request failed", reply.getException());
        }
        return reply.getMessage().getContent().toByteArray();
    }

    private void onLeader(RaftPeerId id) {
        leader = id == null ? null : id.toString();
        long term = -1;
        try {
            term = server.getDivision(GROUP_ID).getInfo().getCurrentTerm();
        } catch (Exception ignored) {
            // division not yet registered during startup
        }
        boolean local = spec.localId().equals(leader);
        if (local && spec.local().mediator() && yielding.compareAndSet(false, true)) {
            timer.execute(() -> mediatorYield(0));
        }
        for (LeadershipListener l : listeners) {
            l.leadershipChanged(leader, local, term);
        }
    }

    /**
     * Through the admin API of the write client, which finds the leader. Writes that meet the transfer get
     * LeaderSteppingDown/TransferLeadership or, on the new leader, an IllegalStateException for a call still
     * pending from before; all are retried with the same call id (see {@link #onReply}). On its own thread:
     * the client's retries must not hold up the timer that drives write retries.
     */
    @Override
    public CompletableFuture<Void> transferLeadership(String memberId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                RaftClientReply r = client.admin().transferLeadership(RaftPeerId.valueOf(memberId), 3000);
                if (r.isSuccess()) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(r.getException() != null ? r.getException() : new IOException("transfer refused"));
                }
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        }, "raft-leader-transfer");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Override
    public CompletableFuture<byte[]> submit(byte[] command) {
        return committer.submit(command);
    }

    @Override
    public CompletableFuture<byte[]> query(byte[] query) {
        // Queries use their own client: the ordered async API has one sliding window per client, and a single
        // failed request (seen at startup under load: "previous is expected to be null") closes that window
        // for good, after which every query failed and the quorum lease kept the node fenced forever. A
        // query that fails with the window closed replaces the query client (writes use their own RPC).
        RaftClient qc = queryClient();
        return qc.async().sendReadOnly(Message.valueOf(ByteString.copyFrom(query)))
                .whenComplete((r, err) -> {
                    if (err != null && isClosedWindow(err)) {
                        replaceQueryClient(qc);
                    }
                })
                .thenApply(RatisConsensus::content);
    }

    @Override
    public byte[] queryLocal(byte[] query) {
        return state.queryLocal(query);
    }

    @Override
    public void watchLeadership(LeadershipListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean isLeader() {
        try {
            return server.getDivision(GROUP_ID).getInfo().isLeader();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String leaderId() {
        return leader;
    }

    @Override
    public boolean reportsContactAges() {
        return true;
    }

    @Override
    public List<MemberHealth> members() {
        Map<String, Long> ages = new HashMap<>();
        ages.put(spec.localId(), 0L);
        String current = null; // the leader as Ratis knows it now (quorum evidence), not the last one announced
        try {
            RoleInfoProto role = server.getDivision(GROUP_ID).getInfo().getRoleInfoProto();
            if (role.hasLeaderInfo()) {
                current = spec.localId();
                for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                    ages.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
                }
            } else if (role.hasFollowerInfo()) {
                current = followedLeader(role.getFollowerInfo().getLeaderInfo());
                if (current != null) ages.put(current, role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs());
            }
        } catch (Exception ignored) {
            // not started
        }
        List<MemberHealth> out = new ArrayList<>();
        for (ClusterSpec.Peer p : spec.peers()) {
            out.add(new MemberHealth(p.id(), p.address(), p.mediator(), p.id().equals(current),
                    ages.getOrDefault(p.id(), -1L)));
        }
        return out;
    }

    /**
     * The leader a follower follows, or null when it knows none. A member cut off from the group keeps
     * starting elections: each one clears Ratis's leader (without a leader-change notification, so the
     * cached {@link #leader} still names the old one), and each failed pre-vote makes it a follower again
     * with a new follower state whose "last RPC" time is its creation, with no leader. Counting that as
     * contact renewed the quorum lease of a partitioned node forever, and it never fenced (partition test
     * in CI). Only an age from a known leader counts.
     */
    static String followedLeader(ServerRpcProto leaderInfo) {
        String id = leaderInfo.getId().getId().toStringUtf8();
        return id.isEmpty() ? null : id;
    }

    @Override
    public boolean peerProcessDead(String memberId) {
        PeerLiveness l = liveness;
        return l != null && l.confirmedDead(memberId);
    }

    @Override
    public LatencyHistogram submitLatency() {
        return latency;
    }

    private RaftClient newQueryClient() {
        return RaftClient.newBuilder()
                .setProperties(clientProps)
                .setParameters(new Parameters())
                .setRaftGroup(clientGroup)
                .setLeaderId(null)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(1500,
                        TimeDuration.valueOf(10, TimeUnit.MILLISECONDS)))
                .build();
    }

    private synchronized RaftClient queryClient() {
        return queryClient;
    }

    private synchronized void replaceQueryClient(RaftClient broken) {
        if (closed || queryClient != broken) {
            return;
        }
        queryClient = newQueryClient();
        try {
            broken.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static boolean isClosedWindow(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException
                    || c instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            RaftClient qc = queryClient();
            if (qc != null) {
                qc.close();
            }
        } catch (Exception ignored) {
            // best effort
        }
        if (committer != null) {
            committer.close();
        }
        if (liveness != null) {
            liveness.close();
        }
        timer.shutdownNow();
        try {
            if (client != null) {
                client.close();
            }
        } catch (Exception ignored) {
            // best effort
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (Exception ignored) {
            // best effort
        }
    }
}
