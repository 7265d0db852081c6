package dev.casmb.smb.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Server-wide settings. Defaults are the secure ones a storage admin expects: signing required,
 * no guest, no SMB1.
 */
public record ServerConfig(
    String netbiosName,
    String domain,
    List<InetAddress> listenAddresses,
    int port,
    boolean signingRequired,
    boolean encryptData,
    boolean allowGuest,
    int maxFrameBytes,
    int maxCredits,
    int workerThreads,
    Path stateDir,
    List<ShareConfig> shares,
    dev.casmb.smb.config.ResourceLimits limits,
    Map<String, List<String>> groups,
    /** Offer SMB 3 multichannel (SMB2_GLOBAL_CAP_MULTI_CHANNEL, session binding); default on. */
    boolean multichannel) {

    public ServerConfig {
        if (limits == null) limits = dev.casmb.smb.config.ResourceLimits.DEFAULTS;
        groups = normalizeGroups(groups);
    }

    /** With multichannel on (the default). */
    public ServerConfig(String netbiosName, String domain, List<InetAddress> listenAddresses, int port,
                        boolean signingRequired, boolean encryptData, boolean allowGuest, int maxFrameBytes,
                        int maxCredits, int workerThreads, Path stateDir, List<ShareConfig> shares,
                        dev.casmb.smb.config.ResourceLimits limits, Map<String, List<String>> groups) {
        this(netbiosName, domain, listenAddresses, port, signingRequired, encryptData, allowGuest, maxFrameBytes,
            maxCredits, workerThreads, stateDir, shares, limits, groups, true);
    }

    /** Without a {@code groups:} section. */
    public ServerConfig(String netbiosName, String domain, List<InetAddress> listenAddresses, int port,
                        boolean signingRequired, boolean encryptData, boolean allowGuest, int maxFrameBytes,
                        int maxCredits, int workerThreads, Path stateDir, List<ShareConfig> shares,
                        dev.casmb.smb.config.ResourceLimits limits) {
        this(netbiosName, domain, listenAddresses, port, signingRequired, encryptData, allowGuest, maxFrameBytes,
            maxCredits, workerThreads, stateDir, shares, limits, Map.of());
    }

    /** Without a {@code limits:} section: the default resource limits. */
    public ServerConfig(String netbiosName, String domain, List<InetAddress> listenAddresses, int port,
                        boolean signingRequired, boolean encryptData, boolean allowGuest, int maxFrameBytes,
                        int maxCredits, int workerThreads, Path stateDir, List<ShareConfig> shares) {
        this(netbiosName, domain, listenAddresses, port, signingRequired, encryptData, allowGuest, maxFrameBytes,
            maxCredits, workerThreads, stateDir, shares, null);
    }

    public static final int DEFAULT_MAX_IO = 8 * 1024 * 1024;

    public ServerConfig withShares(List<ShareConfig> s) {
        return new ServerConfig(netbiosName, domain, listenAddresses, port, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, s, limits, groups, multichannel);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(netbiosName, domain, listenAddresses, p, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, shares, limits, groups, multichannel);
    }

    public ServerConfig withLimits(dev.casmb.smb.config.ResourceLimits l) {
        return new ServerConfig(netbiosName, domain, listenAddresses, port, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, shares, l, groups, multichannel);
    }

    public ServerConfig withMultichannel(boolean on) {
        return new ServerConfig(netbiosName, domain, listenAddresses, port, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, shares, limits, groups, on);
    }

    public ServerConfig withGroups(Map<String, List<String>> g) {
        return new ServerConfig(netbiosName, domain, listenAddresses, port, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, shares, limits, g, multichannel);
    }

    /**
     * The groups (as spelled in the {@code groups:} section) that list {@code user}, matched
     * case-insensitively. Groups exist only for share ACLs ({@link ShareAcl}).
     */
    public Set<String> groupsOf(String user) {
        if (user == null) return Set.of();
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> e : groups.entrySet()) {
            for (String m : e.getValue()) {
                if (m.equalsIgnoreCase(user)) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> normalizeGroups(Map<String, List<String>> g) {
        if (g == null || g.isEmpty()) return Map.of();
        Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> e : g.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().strip();
            if (name.isEmpty()) throw new IllegalArgumentException("empty group name");
            if (out.containsKey(name)) throw new IllegalArgumentException("group defined twice: " + name);
            out.put(name, List.copyOf(e.getValue() == null ? List.of() : e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    public static ServerConfig defaults(String netbiosName, List<InetAddress> listen, int port, List<ShareConfig> shares) {
        return new ServerConfig(netbiosName, "WORKGROUP", listen, port, true, false, false,
            DEFAULT_MAX_IO + 1024 * 1024, 8192, 32, null, shares);
    }
}
