package dev.casmb.smb.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

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
    dev.casmb.smb.limits.ResourceLimits limits) {

    public ServerConfig {
        if (limits == null) limits = dev.casmb.smb.limits.ResourceLimits.DEFAULTS;
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
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, s, limits);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(netbiosName, domain, listenAddresses, p, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, shares, limits);
    }

    public ServerConfig withLimits(dev.casmb.smb.limits.ResourceLimits l) {
        return new ServerConfig(netbiosName, domain, listenAddresses, port, signingRequired, encryptData,
            allowGuest, maxFrameBytes, maxCredits, workerThreads, stateDir, shares, l);
    }

    public static ServerConfig defaults(String netbiosName, List<InetAddress> listen, int port, List<ShareConfig> shares) {
        return new ServerConfig(netbiosName, "WORKGROUP", listen, port, true, false, false,
            DEFAULT_MAX_IO + 1024 * 1024, 8192, 32, null, shares);
    }
}
