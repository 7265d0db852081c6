package dev.casmb.smb.dispatch;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ResourceLimits;
import dev.casmb.smb.limits.LimitExceeded;
import dev.casmb.smb.limits.LimitMetrics;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.state.SmbConnection;

/**
 * Limits on a connection's outstanding async operations (MS-SMB2 3.3.4.2 lets the server refuse to go
 * async): at most {@code maxAsyncPerConnection} in all, of which at most {@code maxLockWaitsPerConnection}
 * blocking LOCK waits. Beyond, the request fails with STATUS_INSUFFICIENT_RESOURCES.
 */
public final class AsyncLimits {
    private AsyncLimits() {}

    /** Throws {@link LimitExceeded} if {@code conn} may not start another async operation of this command. */
    public static void check(ServerContext server, SmbConnection conn, int command) {
        ResourceLimits l = server.limits();
        int n = conn.asyncOps.size();
        if (n >= l.maxAsyncPerConnection()) {
            server.limitMetrics().hit(LimitMetrics.Kind.ASYNC_PER_CONNECTION,
                conn.remote() + ": " + n + " async operations outstanding (maxAsyncPerConnection)");
            throw new LimitExceeded("too many async operations");
        }
        if (command == Smb2Command.LOCK) {
            long locks = conn.asyncOps.values().stream()
                .filter(o -> o instanceof AsyncOp a && a.request().header.command == Smb2Command.LOCK)
                .count();
            if (locks >= l.maxLockWaitsPerConnection()) {
                server.limitMetrics().hit(LimitMetrics.Kind.LOCK_WAITS_PER_CONNECTION,
                    conn.remote() + ": " + locks + " blocking locks waiting (maxLockWaitsPerConnection)");
                throw new LimitExceeded("too many lock waits");
            }
        }
    }
}
