package dev.casmb.smb.state;

/**
 * A per-server component that keeps state about opens (leases, oplocks, change-notify watches) and must hear
 * when an open ends or moves. Registered with {@code ServerContext.addOpenListener}; the server calls every
 * listener, in registration order, from its one close path, so that no close or disconnect path has to know the
 * components. Called without any lock of the server held, after the open's durable record is gone (close) or
 * kept (disconnect): a listener never writes the record that the close removed.
 */
public interface OpenLifecycleListener {
    /**
     * The open is closed for good (CLOSE, LOGOFF, expiry, a non-durable open's disconnect); it is already out of
     * the open table, so that a CREATE woken here retries against the new state.
     */
    void onClose(Open o);

    /**
     * The open is forgotten here without being closed in the handle store: its share's ownership moved away
     * ({@code ServerContext.abandonOpen}). The components drop it from their tables; nothing is reported to
     * clients (their connections are being reset). By default the same as {@link #onClose}.
     */
    default void onAbandon(Open o) {
        onClose(o);
    }

    /** The transport under a durable or persistent open is gone; the open is kept, disconnected, for reclaim. */
    default void onDisconnect(Open o) { }

    /** A disconnected open was reclaimed (DHnC/DH2C, or a replayed DH2Q) on connection {@code c}. */
    default void onReattach(Open o, SmbConnection c) { }
}
