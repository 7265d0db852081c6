package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeDaemon;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this node serves follows the replicated ownership: {@link #reconcile} serves the aggregates this node owns
 * (their persistent handles reloaded before their shares are served, docs/DESIGN.md "CA state survival fixes",
 * restore before serve) and releases the others, and tells the partner in the heartbeat which aggregates it serves
 * at which epoch (aggregate relocation waits for that). Used by {@link FailoverController} only; nothing here
 * decides a failover.
 */
final class AggregateServing {
    private final String me;
    private final NodeDaemon daemon;
    private final ClusterClient cluster;
    private final Heartbeat heartbeat;
    private final EventLog events;
    private final ShareCatalog catalog;
    /** The aggregates served here; also the lock that orders serving and releasing. */
    private final Set<String> served = new HashSet<>();

    AggregateServing(String me, NodeDaemon daemon, ClusterClient cluster, Heartbeat heartbeat, EventLog events,
                     ShareCatalog catalog) {
        this.me = me;
        this.daemon = daemon;
        this.cluster = cluster;
        this.heartbeat = heartbeat;
        this.events = events;
        this.catalog = catalog;
    }

    private String me() { return me; }

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
    void releaseNotOwned() {
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

    /**
     * Fenced for longer than the partner's detection time: the partner may own this node's aggregates by
     * now, so their opens are dropped here (not written to the replicated state, which keeps them
     * reclaimable on the new owner) and their clients' connections are reset, so the clients reconnect
     * and reclaim wherever the aggregate is served instead of waiting on a node that will not answer.
     */
    void releaseAllFenced(long quorumAgeMs) {
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

    Set<String> servedAggregates() {
        synchronized (served) {
            return Set.copyOf(served);
        }
    }
}
