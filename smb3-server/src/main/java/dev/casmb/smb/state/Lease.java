package dev.casmb.smb.state;

import dev.casmb.smb.proto.LeaseState;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One lease (MS-SMB2 3.3.1.13): identified by (ClientGuid, LeaseKey), shared by that client's opens of
 * one file. All fields are guarded by the lock of the
 * server's {@link dev.casmb.smb.lease.Leases} table that holds it, and changed only by that table.
 */
public final class Lease {
    /** The monitor of the table (one per server) this lease belongs to: guards the fields below. */
    public final Object lock;
    public final byte[] clientGuid;
    public final byte[] key;
    /** 1 or 2 (the version of the create context that made it). */
    public final int version;
    /** The file; leases are per file (a key reused for another file is refused). */
    public FileNode node;
    public int state;
    /** v2 epoch (16 bits on the wire). */
    public int epoch;
    public byte[] parentKey;
    /** A break that needs acknowledgement is outstanding (MS-SMB2 Lease.Breaking). */
    public boolean breaking;
    public int breakTo;
    /** A further reduction asked for while breaking; -1 if none. */
    public int pendingTo = -1;
    public ScheduledFuture<?> timeout;
    /** Opens of this lease, with the connection each was last opened or reclaimed on. */
    public final Map<Open, SmbConnection> opens = new LinkedHashMap<>();
    public final List<Runnable> waiters = new ArrayList<>();

    public Lease(Object lock, byte[] clientGuid, byte[] key, int version, FileNode node) {
        this.lock = lock;
        this.clientGuid = clientGuid.clone();
        this.key = key.clone();
        this.version = version;
        this.node = node;
    }

    public int state() {
        synchronized (lock) {
            return state;
        }
    }

    public int epoch() {
        synchronized (lock) {
            return epoch;
        }
    }

    public boolean isBreaking() {
        synchronized (lock) {
            return breaking;
        }
    }

    public static String id(byte[] clientGuid, byte[] key) {
        return HexFormat.of().formatHex(clientGuid) + "/" + HexFormat.of().formatHex(key);
    }

    @Override
    public String toString() {
        return "Lease[" + HexFormat.of().formatHex(key) + " " + LeaseState.name(state) + (breaking ? "->" + LeaseState.name(breakTo) : "")
            + " e" + epoch + " v" + version + "]";
    }
}
