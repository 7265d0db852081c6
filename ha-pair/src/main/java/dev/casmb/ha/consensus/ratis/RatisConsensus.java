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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Consensus over Apache Ratis 3.3 (shaded: no Netty/Guava clash with the SMB server), Netty RPC. The
 * mediator gets priority 0 so it never wins an election against a data node with an equally long log
 * (research §2.3 "priority 0 was never elected"; §2.4 caveat: a longer log still wins, so the mediator
 * holds full state). Snapshots are auto-triggered and old log segments purged so the log stays bounded.
 */
public final class RatisConsensus implements Consensus {
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("casmb-ha".getBytes(StandardCharsets.UTF_8)));
    private final ClusterSpec spec;
    private final ReplicatedState state;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final RaftGroup group;
    private final long snapshotThreshold;
    private RaftServer server;
    private RaftClient client;
    private GroupCommitter committer;
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
        RaftProperties props = new RaftProperties();
        RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(props, me.host());
        NettyConfigKeys.Server.setPort(props, me.port());
        RaftServerConfigKeys.setStorageDir(props, List.of(spec.dataDir().toFile()));
        // Election timeout randomised in [E, 2E]. The 1 s gate needs E well under 1 s; research used 150/300.
        long e = spec.electionTimeout().toMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(e, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(2 * e, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(Math.max(1000, 3 * e), TimeUnit.MILLISECONDS));
        // Bounded log: snapshot every N entries, keep 2 snapshots, purge segments below the snapshot (§4.3).
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, snapshotThreshold);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, org.apache.ratis.util.SizeInBytes.valueOf("8MB"));

        RatisStateMachine sm = new RatisStateMachine(state, this::onLeader);
        server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(me.id()))
                .setGroup(group)
                .setProperties(props)
                .setStateMachine(sm)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();

        RaftProperties cprops = new RaftProperties();
        RaftConfigKeys.Rpc.setType(cprops, SupportedRpcType.NETTY);
        RaftClientConfigKeys.Rpc.setRequestTimeout(cprops, TimeDuration.valueOf(Math.max(1000, 3 * e), TimeUnit.MILLISECONDS));
        client = RaftClient.newBuilder()
                .setProperties(cprops)
                .setParameters(new Parameters())
                .setRaftGroup(group)
                .setLeaderId(null)
                .setClientId(ClientId.randomId())
                // ~15 s of fast retries, then fail: a submit never hangs forever without quorum.
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(600,
                        TimeDuration.valueOf(25, TimeUnit.MILLISECONDS)))
                .build();
        committer = new GroupCommitter("ratis-" + me.id(), this::sendEntry, 8, 1 << 20, 100_000, latency);
    }

    private CompletableFuture<byte[]> sendEntry(byte[] entry) {
        return client.async().send(Message.valueOf(ByteString.copyFrom(entry))).thenApply(RatisConsensus::content);
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
        for (LeadershipListener l : listeners) {
            l.leadershipChanged(leader, local, term);
        }
    }

    @Override
    public CompletableFuture<byte[]> submit(byte[] command) {
        return committer.submit(command);
    }

    @Override
    public CompletableFuture<byte[]> query(byte[] query) {
        return client.async().sendReadOnly(Message.valueOf(ByteString.copyFrom(query))).thenApply(RatisConsensus::content);
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
    public List<MemberHealth> members() {
        Map<String, Long> ages = new HashMap<>();
        ages.put(spec.localId(), 0L);
        try {
            RoleInfoProto role = server.getDivision(GROUP_ID).getInfo().getRoleInfoProto();
            if (role.hasLeaderInfo()) {
                for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                    ages.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
                }
            } else if (role.hasFollowerInfo() && leader != null) {
                ages.put(leader, role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs());
            }
        } catch (Exception ignored) {
            // not started
        }
        List<MemberHealth> out = new ArrayList<>();
        for (ClusterSpec.Peer p : spec.peers()) {
            out.add(new MemberHealth(p.id(), p.address(), p.mediator(), p.id().equals(leader),
                    ages.getOrDefault(p.id(), -1L)));
        }
        return out;
    }

    @Override
    public LatencyHistogram submitLatency() {
        return latency;
    }

    @Override
    public void close() {
        if (committer != null) {
            committer.close();
        }
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
