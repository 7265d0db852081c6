package dev.casmb.ha.consensus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Static description of the three-member group (node A, node B, mediator) and the tuning knobs.
 *
 * @param localId this member's id
 * @param peers all members including the local one
 * @param dataDir local Raft storage directory
 * @param electionTimeout minimum election timeout (the library randomises above it)
 * @param heartbeat leader heartbeat interval
 */
public record ClusterSpec(String localId, List<Peer> peers, Path dataDir, Duration electionTimeout,
                          Duration heartbeat) {

    /** A member: {@code mediator} holds votes and state but never leads if the library allows (Ratis priority 0). */
    public record Peer(String id, String host, int port, boolean mediator) {
        public String address() {
            return host + ":" + port;
        }
    }

    public ClusterSpec {
        Objects.requireNonNull(localId);
        peers = List.copyOf(peers);
        if (peers.stream().noneMatch(p -> p.id().equals(localId))) {
            throw new IllegalArgumentException("local id " + localId + " not among peers " + peers);
        }
    }

    public Peer local() {
        return peers.stream().filter(p -> p.id().equals(localId)).findFirst().orElseThrow();
    }

    /**
     * Parses "id=host:port,id=host:port,..." where the id named {@code mediatorId} is the mediator.
     */
    public static List<Peer> parsePeers(String spec, String mediatorId) {
        List<Peer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("peer must be id=host:port: " + part);
            }
            int colon = kv[1].lastIndexOf(':');
            out.add(new Peer(kv[0], kv[1].substring(0, colon), Integer.parseInt(kv[1].substring(colon + 1)),
                    kv[0].equals(mediatorId)));
        }
        return out;
    }
}
