package dev.casmb.smb.config;

import dev.casmb.smb.limits.LimitMetrics;
import java.util.Map;
import java.util.Set;

/**
 * Per-node resource limits (YAML section {@code limits:}). Every limit has a safe default; a client that
 * reaches one gets a clear error (STATUS_INSUFFICIENT_RESOURCES) or, for transport limits, loses only its
 * own connection, and {@link LimitMetrics} counts the event and logs it.
 *
 * @param maxConnections             client connections per node (listener addresses together)
 * @param maxConnectionsPerClient    client connections per client IP address
 * @param maxSessionsPerConnection   SMB sessions per connection
 * @param maxTreesPerSession         tree connects per session
 * @param maxOpensPerSession         opens per session
 * @param maxAsyncPerConnection      outstanding async operations (blocking locks, change notify, ...) per connection
 * @param maxLockWaitsPerConnection  blocking LOCK requests waiting per connection
 * @param maxQueuedInboundBytes      bytes of received, not yet processed requests per connection; reading stops above
 * @param writeBufferHighBytes       bytes of unsent responses per connection above which reading stops
 * @param writeBufferLowBytes        ... and below which it resumes
 * @param partialFrameTimeoutMillis  a frame must be received completely within this time of its first byte
 * @param idleTimeoutSeconds         a connection with no traffic at all for this long is closed
 */
public record ResourceLimits(
    int maxConnections,
    int maxConnectionsPerClient,
    int maxSessionsPerConnection,
    int maxTreesPerSession,
    int maxOpensPerSession,
    int maxAsyncPerConnection,
    int maxLockWaitsPerConnection,
    long maxQueuedInboundBytes,
    int writeBufferHighBytes,
    int writeBufferLowBytes,
    long partialFrameTimeoutMillis,
    long idleTimeoutSeconds) {

    public static final ResourceLimits DEFAULTS = new ResourceLimits(
        8192, 1024, 64, 1024, 16384, 1024, 256,
        32L << 20, 16 << 20, 4 << 20, 30_000, 15 * 60);

    private static final Set<String> KEYS = Set.of("maxConnections", "maxConnectionsPerClient",
        "maxSessionsPerConnection", "maxTreesPerSession", "maxOpensPerSession", "maxAsyncPerConnection",
        "maxLockWaitsPerConnection", "maxQueuedInboundBytes", "writeBufferHighBytes", "writeBufferLowBytes",
        "partialFrameTimeoutSeconds", "idleTimeoutSeconds");

    public ResourceLimits {
        if (maxConnections < 1 || maxConnectionsPerClient < 1 || maxSessionsPerConnection < 1 || maxTreesPerSession < 1
            || maxOpensPerSession < 1 || maxAsyncPerConnection < 1 || maxLockWaitsPerConnection < 0
            || maxQueuedInboundBytes < 1 || writeBufferLowBytes < 1 || writeBufferHighBytes < writeBufferLowBytes
            || partialFrameTimeoutMillis < 100 || idleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("invalid limits: " + this);
        }
    }

    /** Parses the {@code limits:} mapping; absent keys keep their defaults, unknown keys are errors. */
    public static ResourceLimits parse(Map<?, ?> m) {
        if (m == null) return DEFAULTS;
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) throw new IllegalArgumentException("unknown limit: " + k);
        }
        ResourceLimits d = DEFAULTS;
        return new ResourceLimits(
            i(m, "maxConnections", d.maxConnections),
            i(m, "maxConnectionsPerClient", d.maxConnectionsPerClient),
            i(m, "maxSessionsPerConnection", d.maxSessionsPerConnection),
            i(m, "maxTreesPerSession", d.maxTreesPerSession),
            i(m, "maxOpensPerSession", d.maxOpensPerSession),
            i(m, "maxAsyncPerConnection", d.maxAsyncPerConnection),
            i(m, "maxLockWaitsPerConnection", d.maxLockWaitsPerConnection),
            m.containsKey("maxQueuedInboundBytes") ? ((Number) m.get("maxQueuedInboundBytes")).longValue() : d.maxQueuedInboundBytes,
            i(m, "writeBufferHighBytes", d.writeBufferHighBytes),
            i(m, "writeBufferLowBytes", d.writeBufferLowBytes),
            m.containsKey("partialFrameTimeoutSeconds")
                ? Math.round(((Number) m.get("partialFrameTimeoutSeconds")).doubleValue() * 1000) : d.partialFrameTimeoutMillis,
            m.containsKey("idleTimeoutSeconds") ? ((Number) m.get("idleTimeoutSeconds")).longValue() : d.idleTimeoutSeconds);
    }

    private static int i(Map<?, ?> m, String k, int def) {
        Object v = m.get(k);
        return v == null ? def : ((Number) v).intValue();
    }
}
