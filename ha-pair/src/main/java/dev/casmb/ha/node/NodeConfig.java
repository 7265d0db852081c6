package dev.casmb.ha.node;

import dev.casmb.smb.config.ConfigLoader;
import dev.casmb.smb.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node's configuration file: who it is, its partner, the SVM and its data LIFs, the SMB section, and
 * the witness and admin ports.
 */
public record NodeConfig(String node, String partner, String svmName, String netbiosName, String dnsName,
                         List<LifSpec> lifs, String lifDriver, ServerConfig smb, Map<String, Object> smbYaml,
                         int epmPort, int witnessPort, Path stateDir, Path baseDir, List<AggregateSpec> aggregates,
                         Map<String, Object> raw) {

    /** An aggregate: storage both nodes reach, its home node, and the shares on it. */
    public record AggregateSpec(String name, String homeNode, List<String> shares) {}

    /** The aggregate a share lives on, or null. */
    public String aggregateOf(String share) {
        for (AggregateSpec a : aggregates) {
            for (String s : a.shares()) {
                if (s.equalsIgnoreCase(share)) return a.name();
            }
        }
        return null;
    }

    public AggregateSpec aggregate(String name) {
        return aggregates.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** Keys of the {@code witness:} section. */
    static final java.util.Set<String> WITNESS_KEYS = java.util.Set.of("epmPort", "witnessPort", "maxRegistrations",
        "maxRegistrationsPerClient");

    /**
     * The witness service policy: defaults, with {@code maxRegistrations} (per node) and
     * {@code maxRegistrationsPerClient} (per client IP address) from the {@code witness:} section.
     */
    public dev.casmb.rpc.swn.WitnessConfig witnessConfig() {
        return dev.casmb.rpc.swn.WitnessConfig.fromYaml((Map<?, ?>) raw.get("witness"));
    }

    /** One data LIF as configured. */
    public record LifSpec(String name, String address, String homeNode, String homePort, boolean autoRevert) {}

    @SuppressWarnings("unchecked")
    public static NodeConfig load(Path file) throws IOException {
        Map<String, Object> m = ConfigLoader.readYaml(file);
        Path base = file.toAbsolutePath().getParent();
        String node = req(m, "node");
        String partner = m.get("partner") == null ? null : String.valueOf(m.get("partner"));
        Map<String, Object> svm = (Map<String, Object>) m.getOrDefault("svm", Map.of());
        String svmName = String.valueOf(svm.getOrDefault("name", "SVM1"));
        String nb = String.valueOf(svm.getOrDefault("netbiosName", svmName));
        String dns = String.valueOf(svm.getOrDefault("dnsName", nb.toLowerCase() + ".local"));
        List<LifSpec> lifs = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("lifs", List.of())) {
            Map<String, Object> l = (Map<String, Object>) o;
            lifs.add(new LifSpec(String.valueOf(l.get("name")), String.valueOf(l.get("address")),
                String.valueOf(l.getOrDefault("homeNode", node)), String.valueOf(l.getOrDefault("port", "lo")),
                !Boolean.FALSE.equals(l.get("autoRevert"))));
        }
        Map<String, Object> smbYaml = new java.util.HashMap<>((Map<String, Object>) m.getOrDefault("smb", Map.of()));
        smbYaml.putIfAbsent("netbiosName", nb);
        smbYaml.putIfAbsent("listen", List.of());
        ServerConfig smb = ConfigLoader.parse(smbYaml, base);
        Map<String, Object> w = (Map<String, Object>) m.getOrDefault("witness", Map.of());
        for (Object k : w.keySet()) {
            if (!WITNESS_KEYS.contains(String.valueOf(k))) {
                throw new IOException("witness: unknown key '" + k + "' (known: " + new java.util.TreeSet<>(WITNESS_KEYS) + ")");
            }
        }
        try {
            dev.casmb.rpc.swn.WitnessConfig.fromYaml(w);
        } catch (IllegalArgumentException e) {
            throw new IOException("witness: " + e.getMessage(), e);
        }
        int epm = ((Number) w.getOrDefault("epmPort", 135)).intValue();
        int wp = ((Number) w.getOrDefault("witnessPort", 0)).intValue();
        Path state = base.resolve(String.valueOf(m.getOrDefault("stateDir", "state-" + node)));
        List<AggregateSpec> aggrs = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("aggregates", List.of())) {
            Map<String, Object> a = (Map<String, Object>) o;
            List<String> shares = new ArrayList<>();
            for (Object sh : (List<Object>) a.getOrDefault("shares", List.of())) shares.add(String.valueOf(sh));
            aggrs.add(new AggregateSpec(String.valueOf(a.get("name")), String.valueOf(a.getOrDefault("homeNode", node)), shares));
        }
        if (aggrs.isEmpty()) {
            List<String> all = new ArrayList<>();
            for (var sc : smb.shares()) all.add(sc.name());
            aggrs.add(new AggregateSpec("aggr_" + node, node, all));
        }
        return new NodeConfig(node, partner, svmName, nb, dns, lifs, String.valueOf(m.getOrDefault("lifDriver", "loopback")),
            smb, smbYaml, epm, wp, state, base, aggrs, m);
    }

    private static String req(Map<String, Object> m, String k) throws IOException {
        Object v = m.get(k);
        if (v == null) throw new IOException("missing required key '" + k + "'");
        return String.valueOf(v);
    }
}
