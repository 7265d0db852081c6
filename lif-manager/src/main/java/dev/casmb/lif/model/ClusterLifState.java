package dev.casmb.lif.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The replicated LIF state of the cluster: SVMs and LIFs, plus the index of the last applied command.
 * Immutable; maps are sorted by name so serialization is deterministic.
 */
public final class ClusterLifState {

    public static final ClusterLifState EMPTY = new ClusterLifState(Map.of(), Map.of(), 0);

    private final Map<String, Svm> svms;
    private final Map<String, Lif> lifs;
    private final long appliedIndex;

    public ClusterLifState(Map<String, Svm> svms, Map<String, Lif> lifs, long appliedIndex) {
        this.svms = Collections.unmodifiableMap(new TreeMap<>(svms));
        this.lifs = Collections.unmodifiableMap(new TreeMap<>(lifs));
        this.appliedIndex = appliedIndex;
    }

    public Map<String, Svm> svms() {
        return svms;
    }

    public Map<String, Lif> lifs() {
        return lifs;
    }

    public Collection<Lif> allLifs() {
        return lifs.values();
    }

    /** Number of commands applied so far (changing or not); a Raft log index fits here. */
    public long appliedIndex() {
        return appliedIndex;
    }

    public Optional<Lif> lif(String name) {
        return Optional.ofNullable(lifs.get(name));
    }

    public Optional<Svm> svm(String name) {
        return Optional.ofNullable(svms.get(name));
    }

    /** The LIF that already uses this address (whatever prefix), if any. */
    public Optional<Lif> lifWithAddress(LifAddress address) {
        return lifs.values().stream().filter(l -> l.address().sameHost(address)).findFirst();
    }

    public ClusterLifState withLif(Lif lif, long index) {
        Map<String, Lif> m = new TreeMap<>(lifs);
        m.put(lif.name(), lif);
        return new ClusterLifState(svms, m, index);
    }

    public ClusterLifState withoutLif(String name, long index) {
        Map<String, Lif> m = new TreeMap<>(lifs);
        m.remove(name);
        return new ClusterLifState(svms, m, index);
    }

    public ClusterLifState withSvm(Svm svm, long index) {
        Map<String, Svm> m = new TreeMap<>(svms);
        m.put(svm.name(), svm);
        return new ClusterLifState(m, lifs, index);
    }

    public ClusterLifState withoutSvm(String name, long index) {
        Map<String, Svm> m = new TreeMap<>(svms);
        m.remove(name);
        return new ClusterLifState(m, lifs, index);
    }

    public ClusterLifState withIndex(long index) {
        return new ClusterLifState(svms, lifs, index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterLifState s && s.appliedIndex == appliedIndex && s.svms.equals(svms)
                && s.lifs.equals(lifs);
    }

    @Override
    public int hashCode() {
        return svms.hashCode() * 31 + lifs.hashCode() + Long.hashCode(appliedIndex);
    }

    @Override
    public String toString() {
        return "ClusterLifState[index=" + appliedIndex + " svms=" + svms.values() + " lifs=" + lifs.values() + "]";
    }
}
