package dev.casmb.smb.lease;

import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One lease (MS-SMB2 3.3.1.13): identified by (ClientGuid, LeaseKey), shared by that client's opens of
 * one file. All fields are guarded by the lock of the
 * server's {@link Leases} table that holds it.
 */
public final class Lease {
    /** The table (one per server) this lease belongs to. */
    final Leases owner;
    public final byte[] clientGuid;
    public final byte[] key;
    /** 1 or 2 (the version of the create context that made it). */
    public final int version;
    /** The file; leases are per file (a key reused for another file is refused). */
    FileNode node;
    int state;
    /** v2 epoch (16 bits on the wire). */
    int epoch;
    byte[] parentKey;
    /** A break that needs acknowledgement is outstanding (MS-SMB2 Lease.Breaking). */
    boolean breaking;
    int breakTo;
    /** A further reduction asked for while breaking; -1 if none. */
    int pendingTo = -1;
    ScheduledFuture<?> timeout;
    /** Opens of this lease, with the connection each was last opened or reclaimed on. */
    final Map<Open, Dispatcher> opens = new LinkedHashMap<>();
    final List<Runnable> waiters = new ArrayList<>();

    Lease(Leases owner, byte[] clientGuid, byte[] key, int version, FileNode node) {
        this.owner = owner;
        this.clientGuid = clientGuid.clone();
        this.key = key.clone();
        this.version = version;
        this.node = node;
    }

    public int state() {
        synchronized (owner.lock) {
            return state;
        }
    }

    public int epoch() {
        synchronized (owner.lock) {
            return epoch;
        }
    }

    public boolean isBreaking() {
        synchronized (owner.lock) {
            return breaking;
        }
    }

    static String id(byte[] clientGuid, byte[] key) {
        return HexFormat.of().formatHex(clientGuid) + "/" + HexFormat.of().formatHex(key);
    }

    @Override
    public String toString() {
        return "Lease[" + HexFormat.of().formatHex(key) + " " + LeaseState.name(state) + (breaking ? "->" + LeaseState.name(breakTo) : "")
            + " e" + epoch + " v" + version + "]";
    }
}
