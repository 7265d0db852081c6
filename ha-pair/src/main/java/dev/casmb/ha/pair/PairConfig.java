package dev.casmb.ha.pair;

import dev.casmb.ha.consensus.ClusterSpec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code pair:} section of a node's configuration: the three Raft members (node A, node B,
 * mediator), the partner heartbeat, and the failover timers.
 *
 * @param detect partner silence after which the survivor takes over (must exceed {@code fence})
 * @param fence quorum loss after which a node stops serving (so two owners never serve at once)
 * @param bootGrace how long a node that has not heard from its partner since it started waits before taking
 *        the partner's aggregates over (a partner that boots more slowly must not lose them at once)
 */
public record PairConfig(List<ClusterSpec.Peer> members, InetSocketAddress heartbeatBind,
                         InetSocketAddress partnerHeartbeat, Duration heartbeatInterval, Duration detect,
                         Duration fence, Duration electionTimeout, Duration raftHeartbeat, String consensusImpl,
                         boolean autoGiveback, Duration bootGrace) {

    @SuppressWarnings("unchecked")
    public static PairConfig parse(Map<String, Object> m) {
        List<ClusterSpec.Peer> peers = new ArrayList<>();
        for (Object o : (List<Object>) m.get("members")) {
            Map<String, Object> p = (Map<String, Object>) o;
            peers.add(new ClusterSpec.Peer(String.valueOf(p.get("id")), String.valueOf(p.get("host")),
                ((Number) p.get("port")).intValue(), Boolean.TRUE.equals(p.get("mediator"))));
        }
        return new PairConfig(peers, m.get("heartbeat") == null ? null : addr(String.valueOf(m.get("heartbeat"))),
            m.get("partnerHeartbeat") == null ? null : addr(String.valueOf(m.get("partnerHeartbeat"))),
            ms(m, "heartbeatIntervalMs", 100), ms(m, "detectMs", 1000), ms(m, "fenceMs", 700),
            ms(m, "electionTimeoutMs", 300), ms(m, "raftHeartbeatMs", 75),
            String.valueOf(m.getOrDefault("consensus", "ratis")), Boolean.TRUE.equals(m.get("autoGiveback")),
            ms(m, "bootGraceMs", 30_000));
    }

    public ClusterSpec spec(String localId, Path dataDir) {
        return new ClusterSpec(localId, members, dataDir, electionTimeout, raftHeartbeat);
    }

    static InetSocketAddress addr(String hostPort) {
        int c = hostPort.lastIndexOf(':');
        if (c < 0) throw new IllegalArgumentException("expected host:port, got " + hostPort);
        return new InetSocketAddress(hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)));
    }

    private static Duration ms(Map<String, Object> m, String k, long def) {
        Object v = m.get(k);
        return Duration.ofMillis(v == null ? def : ((Number) v).longValue());
    }
}
