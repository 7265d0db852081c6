package dev.casmb.smb.state;

import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;

/** The durable part of an open (MS-SMB2 3.3.1.10: IsDurable, IsPersistent, CreateGuid, DurableOwner...). */
public final class DurableState {
    public final boolean v2;
    public final boolean persistent;
    public final byte[] createGuid;
    public final byte[] clientGuid;
    public final int timeoutMs;
    public final String owner;
    public final String share;
    public volatile byte[] appInstanceId;
    public volatile long appInstanceVersionHigh;
    public volatile long appInstanceVersionLow;
    /** LockSequenceArray (MS-SMB2 3.3.5.14): -1 = not valid, else the last sequence number. */
    public final byte[] lockSequences = new byte[64];
    public volatile long disconnectedAt;
    public volatile ScheduledFuture<?> expiry;
    /** The shared expiry timer of a reloaded handle ({@link ExpiryBatch}); null once the handle has its own or none. */
    public volatile ExpiryBatch expiryBatch;

    public DurableState(boolean v2, boolean persistent, byte[] createGuid, byte[] clientGuid, int timeoutMs,
                        String owner, String share) {
        this.v2 = v2;
        this.persistent = persistent;
        this.createGuid = createGuid;
        this.clientGuid = clientGuid;
        this.timeoutMs = timeoutMs;
        this.owner = owner;
        this.share = share;
        Arrays.fill(lockSequences, (byte) -1);
    }

    public boolean isDisconnected() { return disconnectedAt != 0; }

    /** Stops the expiry timer of this disconnect (its own, or its share of a reload's batch). */
    public void cancelExpiry() {
        ScheduledFuture<?> f = expiry;
        if (f != null) f.cancel(false);
        expiryBatch = null;
    }
}
