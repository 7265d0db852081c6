package dev.casmb.ha.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casmb.ha.events.EventLog;
import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;
import dev.casmb.rpc.swn.IpAddrInfo;
import dev.casmb.rpc.swn.RegistrationInfo;
import dev.casmb.rpc.swn.WitnessEvents;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every MS-SWN notification of a pair node goes out through WitnessNotifier: what it sends, in which order. */
class WitnessNotifierTest {
    static final LifLocation A = new LifLocation("node-a", "e0a");
    static final LifLocation B = new LifLocation("node-b", "e0a");

    /** Records the witness calls, and stands in for the node. */
    static final class Recorder implements WitnessEvents, WitnessNotifier.Host {
        final List<String> sent = new ArrayList<>();
        final List<String> adminAnnounced = new ArrayList<>();
        ClusterLifState state = ClusterLifState.EMPTY;
        List<RegistrationInfo> registrations = List.of();

        private static String ips(List<IpAddrInfo> l) {
            return l.stream().map(i -> i.address().getHostAddress() + (i.online() ? "" : " offline")).toList().toString();
        }

        @Override public void resourceChange(InetAddress ip, boolean available) {
            sent.add("RESOURCE_CHANGE " + ip.getHostAddress() + (available ? " available" : " unavailable"));
        }
        @Override public void clientMove(InetAddress ip, List<IpAddrInfo> d) { sent.add("CLIENT_MOVE " + ip.getHostAddress() + " " + ips(d)); }
        @Override public void clientMoveByName(String name, List<IpAddrInfo> d) { sent.add("CLIENT_MOVE " + name + " " + ips(d)); }
        @Override public void shareMove(String share, List<IpAddrInfo> d) { sent.add("SHARE_MOVE " + share + " " + ips(d)); }
        @Override public void ipChange(List<IpAddrInfo> changes) { sent.add("IP_CHANGE " + ips(changes)); }
        @Override public void forceUnregister(InetAddress ip) { sent.add("UNREGISTER " + ip.getHostAddress()); }

        @Override public WitnessEvents witness() { return this; }
        @Override public ClusterLifState lifs() { return state; }
        @Override public List<RegistrationInfo> registrations() { return registrations; }
        @Override public void adminStatusAnnounced(String lif, boolean up) { adminAnnounced.add(lif + (up ? " up" : " down")); }
    }

    static Lif lif(String name, String ip, LifLocation home) {
        return Lif.create(name, "svm1", LifAddress.parse(ip + "/24"), home, FailoverPolicy.PARTNER, true).withOper(true, null);
    }

    static ClusterLifState state(Lif... lifs) {
        Map<String, Lif> m = new java.util.TreeMap<>();
        for (Lif l : lifs) m.put(l.name(), l);
        return new ClusterLifState(Map.of(), m, 1);
    }

    static final LifCommand ANY = new LifCommand.DeleteLif("x"); // the notifier looks at the states only

    final Recorder r = new Recorder();
    final WitnessNotifier n = new WitnessNotifier("node-b", "svm1", r, new EventLog("node-b"));

    @Test
    void unplannedTakeoverAnnouncesUnavailableOnceThenAvailableWhenTheLifAnswersHere() {
        Lif a1 = lif("lif-a1", "192.0.2.11", A);
        r.state = state(a1, lif("lif-b1", "192.0.2.21", B));
        n.partnerLost("node-a");
        assertEquals(List.of("RESOURCE_CHANGE 192.0.2.11 unavailable"), r.sent);
        Lif moved = a1.movedTo(B, A, MoveReason.FAILOVER);
        n.stateChanged(ANY, state(a1), state(moved));
        assertEquals(1, r.sent.size(), "no second UNAVAILABLE when the move applies");
        n.stateChanged(ANY, state(moved), state(moved.withOper(true, null)));
        assertEquals(List.of("RESOURCE_CHANGE 192.0.2.11 unavailable", "RESOURCE_CHANGE 192.0.2.11 available"), r.sent);
    }

    @Test
    void aFailoverNotAnnouncedBeforeIsAnnouncedAtTheMove() {
        Lif a1 = lif("lif-a1", "192.0.2.11", A);
        Lif moved = a1.movedTo(B, A, MoveReason.FAILOVER);
        n.stateChanged(ANY, state(a1), state(moved));
        n.stateChanged(ANY, state(moved), state(moved.withOper(true, null)));
        assertEquals(List.of("RESOURCE_CHANGE 192.0.2.11 unavailable", "RESOURCE_CHANGE 192.0.2.11 available"), r.sent);
    }

    @Test
    void aPlannedMoveSendsClientMoveToTheDestinationsAddresses() {
        Lif a1 = lif("lif-a1", "192.0.2.11", A);
        Lif b1 = lif("lif-b1", "192.0.2.21", B);
        n.stateChanged(ANY, state(a1, b1), state(a1.withPending(B, MoveReason.MIGRATE), b1));
        assertEquals(List.of("CLIENT_MOVE 192.0.2.11 [192.0.2.21, 192.0.2.11]"), r.sent);
    }

    @Test
    void relocationSendsShareMoveOnlyForRegisteredSharesAndOnlyWithAnAddressToMoveTo() {
        r.state = state(lif("lif-a1", "192.0.2.11", A), lif("lif-b1", "192.0.2.21", B));
        r.registrations = List.of(new RegistrationInfo("1", 2, "client1", "SVM1", "192.0.2.11", "vm", Instant.EPOCH));
        n.shareMove("aggr1", "node-b", List.of("vm", "sql"));
        assertEquals(List.of("SHARE_MOVE vm [192.0.2.21]"), r.sent, "no registration named sql");
        r.sent.clear();
        r.state = state(lif("lif-a1", "192.0.2.11", A), lif("lif-b1", "192.0.2.21", B).withAdminUp(false));
        n.shareMove("aggr1", "node-b", List.of("vm"));
        assertEquals(List.of(), r.sent, "the destination has no LIF up");
    }

    @Test
    void adminDownIsAnnouncedAndReportedToTheWaitingClusapiCall() {
        Lif a1 = lif("lif-a1", "192.0.2.11", A);
        n.stateChanged(ANY, state(a1), state(a1.withAdminUp(false)));
        assertEquals(List.of("RESOURCE_CHANGE 192.0.2.11 unavailable"), r.sent);
        assertEquals(List.of("lif-a1 down"), r.adminAnnounced);
    }

    @Test
    void aNewAddressIsAnIpChange() {
        Lif a1 = lif("lif-a1", "192.0.2.11", A);
        n.stateChanged(ANY, state(a1), state(a1, lif("lif-a2", "192.0.2.12", A)));
        assertEquals(List.of("IP_CHANGE [192.0.2.12]"), r.sent);
    }
}
