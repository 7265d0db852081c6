package dev.casmb.ha.pair;

import dev.casmb.ha.events.EventLog;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.ha.node.NodeDaemon;
import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.store.LifStateObserver;
import dev.casmb.rpc.swn.IpAddrInfo;
import dev.casmb.rpc.swn.RegistrationInfo;
import dev.casmb.rpc.swn.WitnessEvents;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The one sender of MS-SWN notifications on a pair node: every RESOURCE_CHANGE, CLIENT_MOVE, SHARE_MOVE and IP_CHANGE
 * that this node's witness sends to its registered clients (MS-SWN 2.2.2.1-2.2.2.3) is handed to the witness's
 * notification inputs ({@code WitnessEvents}, MS-SWN 3.1.6) from here. What triggers them: replicated LIF changes
 * ({@link #stateChanged}: a planned move → CLIENT_MOVE before the address leaves; a failover → RESOURCE_CHANGE
 * unavailable, then available once the address answers on the survivor; an administrative down/up →
 * RESOURCE_CHANGE; an address added, changed or removed → IP_CHANGE), the start of an unplanned takeover
 * ({@link #partnerLost}), and an aggregate relocation as its ownership change applies ({@link #shareMove}).
 */
final class WitnessNotifier implements LifStateObserver {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WitnessNotifier.class);

    /** What the notifier needs of its node ({@link NodeDaemon} in production). */
    interface Host {
        /** The witness's notification inputs. */
        WitnessEvents witness();

        /** The replicated LIF state as this node sees it now. */
        ClusterLifState lifs();

        /** The witness registrations on this node. */
        List<RegistrationInfo> registrations();

        /** Told once a LIF's admin status change has been announced (a clusapi online/offline waits for it). */
        void adminStatusAnnounced(String lif, boolean up);

        static Host of(NodeDaemon daemon) {
            return new Host() {
                @Override public WitnessEvents witness() { return daemon.rpc().events(); }
                @Override public ClusterLifState lifs() { return daemon.lifs().state(); }
                @Override public List<RegistrationInfo> registrations() { return daemon.rpc().witness().registrations(); }
                @Override public void adminStatusAnnounced(String lif, boolean up) { daemon.adminStatusAnnounced(lif, up); }
            };
        }
    }

    private final String node;
    private final String svm;
    private final Host host;
    private final EventLog events;

    WitnessNotifier(NodeConfig config, NodeDaemon daemon, EventLog events) {
        this(config.node(), config.svmName(), Host.of(daemon), events);
    }

    WitnessNotifier(String node, String svm, Host host, EventLog events) {
        this.node = node;
        this.svm = svm;
        this.host = host;
        this.events = events;
    }

    /** LIFs that failed over and are not served by the survivor yet: AVAILABLE is sent once they are. */
    private final java.util.Set<String> awaitingUp = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** LIFs whose UNAVAILABLE went out when the takeover began ({@link #partnerLost}): not repeated at the move. */
    private final java.util.Set<String> announcedDown = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * An unplanned takeover of {@code partner} begins: its LIFs are unreachable from now on, so the clients
     * registered for them hear RESOURCE_CHANGE unavailable at once, before this node commits ownership and
     * brings the aggregates online (MS-SWN 3.1.4.5). A client told now moves while the survivor is still
     * loading the handles, instead of after; and one that already reconnected on its own (TCP reset) has
     * been told before it drops the registration for the old address.
     */
    void partnerLost(String partner) {
        WitnessEvents w = host.witness();
        for (Lif l : host.lifs().lifs().values()) {
            if (!l.svm().equals(svm) || !l.current().node().equals(partner)) continue;
            InetAddress ip = l.address().address();
            events.add("witness.resource-change", "RESOURCE_CHANGE for " + ip.getHostAddress() + ": unavailable ("
                + partner + " lost, takeover by " + node + ")");
            w.resourceChange(ip, false);
            announcedDown.add(l.name());
            awaitingUp.add(l.name());
        }
    }

    @Override
    public void stateChanged(LifCommand command, ClusterLifState before, ClusterLifState after) {
        if (before == null || after == null) return;
        WitnessEvents w = host.witness();
        // IP set changes (a data LIF created or deleted, or its address changed): IP_CHANGE to the v2
        // registrations that asked for it (WITNESS_REGISTER_IP_NOTIFICATION)
        List<IpAddrInfo> ipChanges = new ArrayList<>();
        for (Lif now : after.lifs().values()) {
            Lif was = before.lifs().get(now.name());
            if (!now.svm().equals(svm)) continue;
            if (was == null) {
                ipChanges.add(new IpAddrInfo(now.address().address(), true));
            } else if (!was.address().address().equals(now.address().address())) {
                ipChanges.add(new IpAddrInfo(was.address().address(), false));
                ipChanges.add(new IpAddrInfo(now.address().address(), true));
            }
        }
        for (Lif was : before.lifs().values()) {
            if (was.svm().equals(svm) && !after.lifs().containsKey(was.name())) {
                ipChanges.add(new IpAddrInfo(was.address().address(), false));
            }
        }
        if (!ipChanges.isEmpty()) {
            events.add("witness.ip-change", "IP_CHANGE " + ipChanges.stream()
                .map(i -> i.address().getHostAddress() + (i.online() ? " online" : " offline")).toList());
            w.ipChange(ipChanges);
        }
        for (Lif now : after.lifs().values()) {
            Lif was = before.lifs().get(now.name());
            if (was == null || !now.svm().equals(svm)) continue;
            InetAddress ip = now.address().address();
            if (now.pending() != null && was.pending() == null) {
                List<IpAddrInfo> dest = ipsOn(after, now.pending().node(), ip);
                events.add("witness.client-move", "CLIENT_MOVE for " + ip.getHostAddress() + " -> " + dest.stream()
                    .map(d -> d.address().getHostAddress()).toList());
                w.clientMove(ip, dest);
            }
            boolean nodeChanged = !was.current().node().equals(now.current().node());
            if (nodeChanged && was.pending() == null && !announcedDown.remove(now.name())) {
                events.add("witness.resource-change", "RESOURCE_CHANGE for " + ip.getHostAddress() + ": unavailable (failover to "
                    + now.current().node() + ")");
                w.resourceChange(ip, false);
                awaitingUp.add(now.name());
            }
            // AVAILABLE once the address answers on the survivor
            if (now.adminUp() && now.operUp() && awaitingUp.remove(now.name())) {
                events.add("witness.resource-available", "RESOURCE_CHANGE for " + ip.getHostAddress() + ": available on "
                    + now.current().node());
                w.resourceChange(ip, true);
            }
            // administrative down/up (`network interface modify -status-admin`, clusapi Offline/OnlineResource):
            // reported at the replicated admin change, i.e. before the hosting node (un)plumbs the address, so
            // the notification precedes the OnlineResource/OfflineResource reply.
            if (was.adminUp() != now.adminUp()) {
                events.add("witness.resource-change", "RESOURCE_CHANGE for " + ip.getHostAddress() + ": "
                    + (now.adminUp() ? "available" : "unavailable") + " (admin " + (now.adminUp() ? "up" : "down") + ")");
                w.resourceChange(ip, now.adminUp());
                host.adminStatusAnnounced(now.name(), now.adminUp());
            }
        }
    }

    /**
     * MS-SWN SHARE_MOVE on aggregate relocation, on both nodes as the replicated ownership change applies: the
     * witness registrations that named one of {@code shares} (the aggregate's) are told to use the destination
     * node's LIFs. Nothing is sent while the destination has no LIF up.
     */
    void shareMove(String aggregate, String destination, List<String> shares) {
        try {
            List<IpAddrInfo> dest = new ArrayList<>();
            for (Lif l : host.lifs().lifs().values()) {
                if (l.svm().equals(svm) && l.current().node().equals(destination) && l.adminUp() && l.operUp()) {
                    dest.add(new IpAddrInfo(l.address().address(), true));
                }
            }
            if (dest.isEmpty()) return;
            for (String share : shares) {
                if (host.registrations().stream().noneMatch(r -> share.equalsIgnoreCase(r.shareName()))) continue;
                events.add("witness.share-move", "SHARE_MOVE for share " + share + " -> " + dest.stream()
                    .map(d -> d.address().getHostAddress()).toList());
                host.witness().shareMove(share, dest);
            }
        } catch (RuntimeException e) {
            log.warn("SHARE_MOVE for {} failed: {}", aggregate, e.toString());
        }
    }

    private static List<IpAddrInfo> ipsOn(ClusterLifState s, String node, InetAddress moving) {
        List<IpAddrInfo> out = new ArrayList<>();
        for (Lif l : s.lifs().values()) {
            if (l.current().node().equals(node) && l.operUp()) out.add(new IpAddrInfo(l.address().address(), true));
        }
        if (out.stream().noneMatch(i -> i.address().equals(moving))) out.add(new IpAddrInfo(moving, true));
        return out;
    }
}
