package dev.casmb.smb.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        try (Reader r = Files.newBufferedReader(file)) {
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
        Path stateDir = m.containsKey("stateDir") ? baseDir.resolve(String.valueOf(m.get("stateDir"))) : null;
        List<ShareConfig> shares = new ArrayList<>();
        Object sl = m.getOrDefault("shares", List.of());
        for (Object o : (List<?>) sl) {
            Map<?, ?> s = (Map<?, ?>) o;
            shares.add(new ShareConfig(String.valueOf(s.get("name")), baseDir.resolve(String.valueOf(s.get("path"))),
                Boolean.TRUE.equals(s.get("readOnly")), Boolean.TRUE.equals(s.get("continuouslyAvailable")),
                Boolean.TRUE.equals(s.get("encryptData")), s.get("comment") == null ? "" : String.valueOf(s.get("comment"))));
        }
        return new ServerConfig(nb, domain, listen, port, signing, encrypt, guest,
            ServerConfig.DEFAULT_MAX_IO + 1024 * 1024, maxCredits, threads, stateDir, shares,
            dev.casmb.smb.limits.ResourceLimits.parse((Map<?, ?>) m.get("limits")));
    }

    private static String str(Map<String, Object> m, String k, String def) {
        Object v = m.get(k);
        return v == null ? def : String.valueOf(v);
    }
}
