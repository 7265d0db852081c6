package dev.casmb.ha.consensus.atomix;

import dev.casmb.ha.consensus.ClusterSpec;
import dev.casmb.ha.consensus.Consensus;
import dev.casmb.ha.consensus.GroupCommitter;
import dev.casmb.ha.consensus.LatencyHistogram;
import dev.casmb.ha.consensus.LeadershipListener;
import dev.casmb.ha.consensus.MemberHealth;
import dev.casmb.ha.consensus.ReplicatedState;
import dev.casmb.ha.consensus.StateMachine;
import io.atomix.cluster.AtomixCluster;
import io.atomix.cluster.MemberId;
import io.atomix.cluster.Node;
import io.atomix.cluster.discovery.BootstrapDiscoveryProvider;
import io.atomix.cluster.protocol.HeartbeatMembershipProtocol;
import io.atomix.primitive.PrimitiveType;
import io.atomix.primitive.PrimitiveTypeRegistry;
import io.atomix.primitive.operation.OperationId;
import io.atomix.primitive.operation.PrimitiveOperation;
import io.atomix.primitive.partition.PartitionId;
import io.atomix.primitive.service.ServiceConfig;
import io.atomix.primitive.session.SessionClient;
import io.atomix.protocols.raft.RaftClient;
import io.atomix.protocols.raft.RaftServer;
import io.atomix.protocols.raft.ReadConsistency;
import io.atomix.protocols.raft.cluster.RaftMember;
import io.atomix.protocols.raft.partition.impl.RaftClientCommunicator;
import io.atomix.protocols.raft.partition.impl.RaftNamespaces;
import io.atomix.protocols.raft.partition.impl.RaftServerCommunicator;
import io.atomix.protocols.raft.session.CommunicationStrategy;
import io.atomix.protocols.raft.storage.RaftStorage;
import io.atomix.storage.StorageLevel;
import io.atomix.primitive.Recovery;
import io.atomix.utils.serializer.Serializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Consensus over Atomix 3.1.12's low-level {@link RaftServer}/{@link RaftClient} (not RaftPartitionGroup, whose
 * election timeout is hard-coded to 2.5 s, docs/DESIGN.md "Raft library findings", R-atomix-timeout). Transport is
 * {@link AtomixCluster}'s Netty messaging. Needs
 * {@code --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED} on Java 17 (Kryo, docs/DESIGN.md R-kryo).
 * Atomix has no leader priority, so the mediator can lead (docs/DESIGN.md R-mediator).
 */
public final class AtomixConsensus implements Consensus {
    private static final String PARTITION = "casmb";
    private final ClusterSpec spec;
    private final ReplicatedState state;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private AtomixCluster cluster;
    private RaftServer server;
    private RaftClient client;
    private volatile SessionClient session;
    private GroupCommitter committer;

    public AtomixConsensus(ClusterSpec spec, StateMachine sm) {
        this.spec = spec;
        this.state = new ReplicatedState(sm);
    }

    @Override
    public void start() throws Exception {
        ClusterSpec.Peer me = spec.local();
        List<Node> nodes = spec.peers().stream()
                .map(p -> Node.builder().withId(p.id()).withAddress(p.host(), p.port()).build())
                .collect(Collectors.toList());
        cluster = AtomixCluster.builder()
                .withClusterId("casmb")
                .withMemberId(me.id())
                .withAddress(me.host(), me.port())
                .withMembershipProvider(BootstrapDiscoveryProvider.builder().withNodes(nodes).build())
                .withMembershipProtocol(HeartbeatMembershipProtocol.builder()
                        .withHeartbeatInterval(spec.heartbeat())
                        .withFailureTimeout(spec.electionTimeout())
                        .build())
                .build();
        cluster.start().get(30, TimeUnit.SECONDS);

        CasmbPrimitiveType type = new CasmbPrimitiveType(state);
        PrimitiveTypeRegistry registry = new PrimitiveTypeRegistry() {
            @Override
            public Collection<PrimitiveType> getPrimitiveTypes() {
                return List.of(type);
            }

            @Override
            public PrimitiveType getPrimitiveType(String typeName) {
                return CasmbPrimitiveType.NAME.equals(typeName) ? type : null;
            }
        };
        List<MemberId> members = spec.peers().stream().map(p -> MemberId.from(p.id())).collect(Collectors.toList());
        server = RaftServer.builder(MemberId.from(me.id()))
                .withName(PARTITION)
                .withMembershipService(cluster.getMembershipService())
                .withProtocol(new RaftServerCommunicator(PARTITION, Serializer.using(RaftNamespaces.RAFT_PROTOCOL),
                        cluster.getCommunicationService()))
                .withPrimitiveTypes(registry)
                // Low-level builder: the knobs RaftPartitionGroup hides. Follower timeout is E + rand(E).
                // (heartbeat first: each setter validates against the other's current value)
                .withHeartbeatInterval(spec.heartbeat())
                .withElectionTimeout(spec.electionTimeout())
                .withSessionTimeout(spec.electionTimeout().multipliedBy(10))
                .withStorage(RaftStorage.builder()
                        .withPrefix(PARTITION)
                        .withDirectory(spec.dataDir().toFile())
                        .withStorageLevel(StorageLevel.DISK)
                        .withFlushOnCommit(true)
                        .withNamespace(RaftNamespaces.RAFT_STORAGE)
                        .build())
                .build();
        server.cluster().addLeaderElectionListener(this::fireLeader);
        server.bootstrap(members).get(60, TimeUnit.SECONDS);

        client = RaftClient.builder(members)
                .withMemberId(MemberId.from(me.id()))
                .withPartitionId(PartitionId.from(PARTITION, 1))
                .withProtocol(new RaftClientCommunicator(PARTITION, Serializer.using(RaftNamespaces.RAFT_PROTOCOL),
                        cluster.getCommunicationService()))
                .build();
        client.connect(members).get(60, TimeUnit.SECONDS);
        session = client.sessionBuilder(PARTITION, type, new ServiceConfig())
                .withMinTimeout(spec.heartbeat())
                .withMaxTimeout(Duration.ofSeconds(5))
                .withReadConsistency(ReadConsistency.LINEARIZABLE)
                .withCommunicationStrategy(CommunicationStrategy.LEADER)
                .withRecoveryStrategy(Recovery.RECOVER)
                .withMaxRetries(100)
                .withRetryDelay(Duration.ofMillis(20))
                .build()
                .connect().get(60, TimeUnit.SECONDS);
        committer = new GroupCommitter("atomix-" + me.id(),
                entry -> session.execute(PrimitiveOperation.operation(OperationId.command("apply"), entry)),
                8, 1 << 20, 100_000, latency);
    }

    private void fireLeader(RaftMember leader) {
        String id = leader == null ? null : leader.memberId().id();
        boolean local = id != null && id.equals(spec.localId());
        long term = server.cluster().getTerm();
        for (LeadershipListener l : listeners) {
            l.leadershipChanged(id, local, term);
        }
    }

    @Override
    public CompletableFuture<byte[]> submit(byte[] command) {
        return committer.submit(command);
    }

    @Override
    public CompletableFuture<byte[]> query(byte[] query) {
        return session.execute(PrimitiveOperation.operation(OperationId.query("query"), query));
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
        return server != null && server.isLeader();
    }

    @Override
    public String leaderId() {
        RaftMember l = server == null ? null : server.cluster().getLeader();
        return l == null ? null : l.memberId().id();
    }

    @Override
    public List<MemberHealth> members() {
        List<MemberHealth> out = new ArrayList<>();
        String leader = leaderId();
        for (ClusterSpec.Peer p : spec.peers()) {
            RaftMember m = server.cluster().getMember(MemberId.from(p.id()));
            Instant updated = m == null ? null : m.getLastUpdated();
            long age = p.id().equals(spec.localId()) ? 0
                    : updated == null ? -1 : Math.max(0, System.currentTimeMillis() - updated.toEpochMilli());
            out.add(new MemberHealth(p.id(), p.address(), p.mediator(), p.id().equals(leader), age));
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
            if (session != null) {
                session.close().get(2, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // best effort
        }
        try {
            if (client != null) {
                client.close().get(2, TimeUnit.SECONDS);
            }
            if (server != null) {
                server.shutdown().get(5, TimeUnit.SECONDS);
            }
            if (cluster != null) {
                cluster.stop().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // best effort on shutdown
        }
    }
}
