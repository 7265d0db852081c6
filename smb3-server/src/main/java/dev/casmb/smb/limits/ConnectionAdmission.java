package dev.casmb.smb.limits;

import dev.casmb.smb.config.ResourceLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection limits per node and per client address. {@link #admit} is called for every accepted
 * connection before any handler is installed; a refused connection is reset (RST) at once, before it
 * costs more than a socket, and the refusal is counted and logged.
 */
public final class ConnectionAdmission {
    private final ResourceLimits limits;
    private final LimitMetrics metrics;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

    public ConnectionAdmission(ResourceLimits limits, LimitMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Returns true if the connection may proceed; otherwise it has been reset already. */
    public boolean admit(Channel ch) {
        InetAddress client = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (total.incrementAndGet() > limits.maxConnections()) {
            total.decrementAndGet();
            metrics.hit(LimitMetrics.Kind.CONNECTIONS_PER_NODE,
                "refusing connection from " + client + ": node has " + limits.maxConnections() + " connections (maxConnections)");
            reset(ch);
            return false;
        }
        if (client != null) {
            int[] now = new int[1];
            perClient.compute(client, (k, v) -> {
                AtomicInteger c = v == null ? new AtomicInteger() : v;
                now[0] = c.incrementAndGet();
                return c;
            });
            if (now[0] > limits.maxConnectionsPerClient()) {
                release(client);
                total.decrementAndGet();
                metrics.hit(LimitMetrics.Kind.CONNECTIONS_PER_CLIENT, "refusing connection from " + client.getHostAddress()
                    + ": it has " + limits.maxConnectionsPerClient() + " connections (maxConnectionsPerClient)");
                reset(ch);
                return false;
            }
        }
        metrics.connectionOpened();
        ch.closeFuture().addListener(f -> {
            metrics.connectionClosed();
            total.decrementAndGet();
            if (client != null) release(client);
        });
        return true;
    }

    private void release(InetAddress client) {
        perClient.computeIfPresent(client, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    /** Connections currently held by a client address. */
    public int connectionsFrom(InetAddress client) {
        AtomicInteger n = perClient.get(client);
        return n == null ? 0 : n.get();
    }

    public int connections() { return total.get(); }

    private static void reset(Channel ch) {
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // not a socket
        }
        ch.close();
    }
}
