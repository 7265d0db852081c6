package dev.casmb.smb.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the server's YAML configuration. Unknown keys are errors, so that a typo does not silently
 * fall back to a default.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The parsed document, for callers (the node daemon) that read their own sections from it. */
    public static Map<String, Object> readYaml(Path file) throws IOException {
        try (Reader r = ServerFiles.reader(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            if (!(doc instanceof Map<?, ?> m)) throw new IOException(file + ": expected a mapping at top level");
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return map;
        }
    }

    public static ServerConfig parse(Map<String, Object> m, Path baseDir) throws IOException {
        String nb = str(m, "netbiosName", "CASMB");
        String domain = str(m, "domain", "WORKGROUP");
        List<InetAddress> listen = new ArrayList<>();
        Object l = m.getOrDefault("listen", List.of("127.0.0.1"));
        for (Object a : (List<?>) l) listen.add(InetAddress.getByName(String.valueOf(a)));
        int port = ((Number) m.getOrDefault("port", 445)).intValue();
        boolean signing = (Boolean) m.getOrDefault("signingRequired", true);
        boolean encrypt = (Boolean) m.getOrDefault("encryptData", false);
        boolean guest = (Boolean) m.getOrDefault("allowGuest", false);
        int threads = ((Number) m.getOrDefault("workerThreads", 32)).intValue();
        int maxCredits = ((Number) m.getOrDefault("maxCredits", 8192)).intValue();
        if (maxCredits < 1 || maxCredits > 65535) throw new IOException("maxCredits must be 1..65535, not " + maxCredits);
        Path stateDir = m.containsKey("stateDir") ? baseDir.resolve(String.valueOf(m.get("stateDir"))) : null;
        Map<String, List<String>> groups = groups(m.get("groups"));
        List<ShareConfig> shares = new ArrayList<>();
        Object sl = m.getOrDefault("shares", List.of());
        for (Object o : (List<?>) sl) shares.add(share((Map<?, ?>) o, baseDir, groups));
        return new ServerConfig(nb, domain, listen, port, signing, encrypt, guest,
            ServerConfig.DEFAULT_MAX_IO + 1024 * 1024, maxCredits, threads, stateDir, shares,
            dev.casmb.smb.config.ResourceLimits.parse((Map<?, ?>) m.get("limits")), groups,
            (Boolean) m.getOrDefault("multichannel", true));
    }

    /** Keys a share entry may have; any other is an error (a typo in an ACL key must not open the share). */
    static final Set<String> SHARE_KEYS = Set.of("name", "path", "readOnly", "continuouslyAvailable", "encryptData",
        "comment", "allowedUsers", "allowedGroups", "readOnlyUsers", "readOnlyGroups");

    private static ShareConfig share(Map<?, ?> s, Path baseDir, Map<String, List<String>> groups) throws IOException {
        String name = String.valueOf(s.get("name"));
        for (Object k : s.keySet()) {
            if (!SHARE_KEYS.contains(String.valueOf(k))) {
                throw new IOException("share " + name + ": unknown key '" + k + "' (known: " + new TreeSet<>(SHARE_KEYS) + ")");
            }
        }
        ShareAcl acl;
        try {
            acl = new ShareAcl(names(s, "allowedUsers", name), names(s, "allowedGroups", name),
                names(s, "readOnlyUsers", name), names(s, "readOnlyGroups", name));
        } catch (IllegalArgumentException e) {
            throw new IOException("share " + name + ": " + e.getMessage(), e);
        }
        for (String g : acl.groupsMentioned()) {
            if (groups.keySet().stream().noneMatch(g::equalsIgnoreCase)) {
                throw new IOException("share " + name + ": group '" + g + "' is not defined in groups:");
            }
        }
        return new ShareConfig(name, baseDir.resolve(String.valueOf(s.get("path"))),
            Boolean.TRUE.equals(s.get("readOnly")), Boolean.TRUE.equals(s.get("continuouslyAvailable")),
            Boolean.TRUE.equals(s.get("encryptData")), s.get("comment") == null ? "" : String.valueOf(s.get("comment")), acl);
    }

    /** A list of names: a YAML list, or one name. */
    private static List<String> names(Map<?, ?> s, String key, String share) throws IOException {
        Object v = s.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) out.add(String.valueOf(o));
            return out;
        }
        if (v instanceof String str) return List.of(str);
        throw new IOException("share " + share + ": " + key + " must be a list of names");
    }

    /** {@code groups: {staff: [alice, bob], ops: [carol]}}: group name to member user names. */
    private static Map<String, List<String>> groups(Object g) throws IOException {
        if (g == null) return Map.of();
        if (!(g instanceof Map<?, ?> gm)) throw new IOException("groups: expected a mapping of group name to user list");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : gm.entrySet()) {
            String name = String.valueOf(e.getKey());
            List<String> members = new ArrayList<>();
            if (e.getValue() instanceof List<?> l) {
                for (Object o : l) members.add(String.valueOf(o));
            } else if (e.getValue() != null) {
                throw new IOException("groups: " + name + " must be a list of user names");
            }
            if (out.keySet().stream().anyMatch(name::equalsIgnoreCase)) throw new IOException("groups: " + name + " defined twice");
            out.put(name, members);
        }
        return out;
    }

    private static String str(Map<String, Object> m, String k, String def) {
        Object v = m.get(k);
        return v == null ? def : String.valueOf(v);
    }
}
