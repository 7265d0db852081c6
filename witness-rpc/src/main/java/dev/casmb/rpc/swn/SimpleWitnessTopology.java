package dev.casmb.rpc.swn;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** An immutable-snapshot {@link WitnessTopology}, replaceable atomically via {@link #update}. */
public final class SimpleWitnessTopology implements WitnessTopology {
    private record Snapshot(List<WitnessInterface> ifaces, Set<String> names, Set<String> shares) {
    }

    private volatile Snapshot snap;

    public SimpleWitnessTopology(List<WitnessInterface> ifaces, Set<String> serverNames, Set<String> shares) {
        update(ifaces, serverNames, shares);
    }

    public void update(List<WitnessInterface> ifaces, Set<String> serverNames, Set<String> shares) {
        snap = new Snapshot(List.copyOf(ifaces), lower(serverNames), lower(shares));
    }

    public void updateInterfaces(List<WitnessInterface> ifaces) {
        Snapshot s = snap;
        snap = new Snapshot(List.copyOf(ifaces), s.names(), s.shares());
    }

    private static Set<String> lower(Set<String> in) {
        return in.stream().map(x -> x.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<WitnessInterface> interfaces() {
        return snap.ifaces();
    }

    @Override
    public boolean isServerName(String netName) {
        return snap.names().contains(netName.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean isShare(String shareName) {
        return snap.shares().contains(shareName.toLowerCase(Locale.ROOT));
    }
}
