package dev.casmb.smb.durable;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.ByteRangeLocks;
import dev.casmb.smb.state.DurableState;
import dev.casmb.smb.state.ExpiryBatch;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.Share;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable and persistent handles (MS-SMB2 3.3.5.9.6/7/10/12, 3.3.7.1): granting, persisting through the
 * {@link HandleStore}, keeping them across a disconnect for their timeout, reclaiming them, expiring
 * them, and reloading persistent ones after a restart or takeover.
 */
public final class DurableHandles implements dev.casmb.smb.lease.OplockHost.Persistence {
    private static final Logger log = LoggerFactory.getLogger(DurableHandles.class);
    public static final int DEFAULT_TIMEOUT_MS = 60_000;
    public static final int MAX_TIMEOUT_MS = 300_000;
    public static final int V1_TIMEOUT_MS = 16 * 60_000;

    private final DurableHost server;
    private volatile HandleStore store = HandleStore.NONE;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "durable-expiry");
        t.setDaemon(true);
        return t;
    });
    /** CreateGuid (hex) → open, for replay detection and persistent reclaim by CreateGuid. */
    private final Map<GuidKey, Open> byCreateGuid = new ConcurrentHashMap<>();

    /**
     * A CreateGuid as a map key, by content (no hex string per handle: 100 000 reloaded handles). Comparable,
     * so that a bin of colliding client-chosen GUIDs is a balanced tree in the map, not a list; hashed with a
     * 64-bit mix (the polynomial array hash collides on GUIDs that differ in a counter).
     */
    private record GuidKey(byte[] guid) implements Comparable<GuidKey> {
        @Override public boolean equals(Object o) { return o instanceof GuidKey k && Arrays.equals(guid, k.guid); }
        @Override public int hashCode() {
            long h = 0x9E3779B97F4A7C15L;
            for (byte b : guid) h = (h ^ (b & 0xFF)) * 0xBF58476D1CE4E5B9L;
            return (int) (h ^ (h >>> 31));
        }
        @Override public int compareTo(GuidKey o) { return Arrays.compare(guid, o.guid); }
    }
    /**
     * The replay cache (MS-SMB2 3.3.5.9.10): ClientGuid and CreateGuid (hex) of each DH2Q CREATE → the
     * open it made (another client may use the same CreateGuid),
     * durable or not, or a {@link PendingCreate} while that CREATE is still being processed (waiting for
     * a break). An entry lives as long as its open.
     */
    private final Map<String, Object> replayCache = new ConcurrentHashMap<>();

    /** A DH2Q CREATE in progress: a replay of it must wait for the original's outcome. */
    public record PendingCreate(Object owner, byte[] clientGuid, java.util.function.BooleanSupplier abandoned) {}

    public DurableHandles(DurableHost server) {
        this.server = server;
    }

    public void setStore(HandleStore s) { this.store = s == null ? HandleStore.NONE : s; }
    public HandleStore store() { return store; }

    /** Timeout granted for a DH2Q request (MS-SMB2 3.3.5.9.10): 0 → server default, clamped to 300 s. */
    public static int grantedTimeout(int requested) {
        if (requested == 0) return DEFAULT_TIMEOUT_MS;
        return (int) Math.min(Integer.toUnsignedLong(requested), MAX_TIMEOUT_MS); // the field is unsigned
    }

    public Open byCreateGuid(byte[] createGuid) {
        return createGuid == null ? null : byCreateGuid.get(new GuidKey(createGuid));
    }

    /** The replay-cache entry for a CreateGuid: an {@link Open}, a {@link PendingCreate}, or null. */
    public Object replayEntry(byte[] clientGuid, byte[] createGuid) {
        if (createGuid == null) return null;
        String k = replayKey(clientGuid, createGuid);
        Object e = replayCache.get(k);
        if (e instanceof PendingCreate p && p.abandoned().getAsBoolean()) {
            replayCache.remove(k, e);
            return null;
        }
        if (e instanceof Open o && o.closed) {
            replayCache.remove(k, e);
            return null;
        }
        return e;
    }

    /** Marks a DH2Q CREATE as in progress; false if the CreateGuid is taken meanwhile. */
    public boolean replayBegin(byte[] createGuid, PendingCreate p) {
        if (createGuid == null) return true;
        String k = replayKey(p.clientGuid(), createGuid);
        Object e = replayCache.putIfAbsent(k, p);
        return e == null || e == p || (e instanceof PendingCreate q && q.owner() == p.owner());
    }

    /** The CREATE ended: its open (null if it failed) replaces the in-progress mark. */
    public void replayEnd(byte[] clientGuid, byte[] createGuid, Object owner, Open o) {
        if (createGuid == null) return;
        String k = replayKey(clientGuid, createGuid);
        Object e = replayCache.get(k);
        if (!(e instanceof PendingCreate p) || p.owner() != owner) return;
        if (o == null) {
            replayCache.remove(k, e);
        } else {
            o.createGuid = createGuid;
            o.replayClientGuid = clientGuid;
            replayCache.replace(k, e, o);
        }
    }

    private static String replayKey(byte[] clientGuid, byte[] createGuid) {
        return HexFormat.of().formatHex(clientGuid == null ? new byte[16] : clientGuid) + ":" + HexFormat.of().formatHex(createGuid);
    }

    /**
     * Ends the open's replay window: once the client uses the handle it has the CREATE's answer, so a
     * later CREATE with the same CreateGuid is a new open (Windows and Samba; smbtorture replay.replay6).
     */
    public void replayForget(Open o) {
        byte[] g = o.createGuid;
        if (g == null) return;
        o.createGuid = null;
        replayCache.remove(replayKey(o.replayClientGuid, g), o);
    }

    /** Marks an open durable; persistent ones are stored durably before this returns. */
    public void grant(Open o, DurableState st) throws IOException {
        o.durable = st;
        if (st.createGuid != null) byCreateGuid.put(new GuidKey(st.createGuid), o);
        if (st.persistent) {
            try {
                store.put(record(o));
            } catch (IOException e) {
                o.durable = null;
                if (st.createGuid != null) byCreateGuid.remove(new GuidKey(st.createGuid), o);
                throw e;
            }
        }
    }

    /**
     * A persistent open's byte-range locks changed ({@code added} granted, {@code removed} released, and its lock
     * sequence table): durable before this returns, through {@link HandleStore#putLocks} (only the change where the
     * store can).
     */
    public void persistLocks(Open o, List<ByteRangeLocks.Range> added, List<ByteRangeLocks.Range> removed) throws IOException {
        DurableState st = o.durable;
        if (st == null || !st.persistent || o.closed) return;
        store.putLocks(record(o), ranges(added), ranges(removed));
    }

    private static List<HandleRecord.LockRange> ranges(List<ByteRangeLocks.Range> rs) {
        List<HandleRecord.LockRange> out = new ArrayList<>(rs.size());
        for (ByteRangeLocks.Range r : rs) out.add(new HandleRecord.LockRange(r.offset(), r.length(), r.exclusive()));
        return out;
    }

    /** Rewrites a persistent open's record after its locks or lease changed. */
    @Override
    public void persist(Open o) throws IOException {
        DurableState st = o.durable;
        if (st != null && st.persistent && !o.closed) store.put(record(o));
    }

    /**
     * A persistent open is being closed for good (CLOSE, logoff, expiry): its record leaves the store first, durably.
     * Throws if the store refuses (quorum lost, ownership moved: the record stays, and so must the open).
     */
    public void removeFromStore(Open o) throws IOException {
        DurableState st = o.durable;
        if (st != null && st.persistent) store.remove(o.persistentId);
    }

    /**
     * Rewrites the record of every persistent open of a file (its name or delete-pending changed: what each of its
     * handles reports and restores); durable before this returns. Throws at the first record that could not be written.
     */
    public void persistFile(dev.casmb.smb.state.FileNode node) throws IOException {
        for (Open o : node.opens) {
            DurableState st = o.durable;
            if (st != null && st.persistent && !o.closed) store.put(record(o));
        }
    }

    /** Called when an open is closed for good (CLOSE, logoff, expiry), after {@link #removeFromStore}. */
    public void onClosed(Open o) {
        replayForget(o);
        DurableState st = o.durable;
        if (st == null) return;
        st.cancelExpiry();
        if (st.createGuid != null) byCreateGuid.remove(new GuidKey(st.createGuid), o);
    }

    /** Drops in-memory durable state of an open that another node now owns (store untouched). */
    public void forget(Open o) {
        replayForget(o);
        DurableState st = o.durable;
        if (st == null) return;
        st.cancelExpiry();
        if (st.createGuid != null) byCreateGuid.remove(new GuidKey(st.createGuid), o);
    }

    /**
     * The transport under a durable open went away (MS-SMB2 3.3.7.1): keep the open for its timeout.
     * Returns false if the open is not durable and should be closed.
     */
    public boolean disconnect(Open o) {
        DurableState st = o.durable;
        if (st == null && o.resiliencyTimeoutMs > 0 && o.session != null && o.tree != null && o.tree.share != null) {
            // MS-SMB2 3.3.7.1: a resilient open (FSCTL_LMR_REQUEST_RESILIENCY) is kept like a durable one.
            st = new DurableState(false, false, null, o.clientGuid, o.resiliencyTimeoutMs, o.session.user, o.tree.share.name());
            o.durable = st;
        }
        if (st == null || o.closed) return false;
        if (o.session != null) o.session.opens.remove(o.volatileId);
        o.session = null;
        o.tree = null;
        st.disconnectedAt = System.currentTimeMillis();
        scheduleExpiry(o, st.timeoutMs);
        log.info("{} handle {} on {}:{} of {} disconnected; kept for {} ms", st.persistent ? "persistent" : "durable",
            o.persistentId, st.share, o.smbPath, st.owner, st.timeoutMs);
        server.openDisconnected(o); // lease, oplock ... : a break nobody can acknowledge now ends
        return true;
    }

    private void scheduleExpiry(Open o, long delayMs) {
        DurableState st = o.durable;
        st.cancelExpiry();
        st.expiry = timer.schedule(() -> expire(o), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    /** How long an expiry that could not be carried out (no ownership or store right now) waits before it tries again. */
    static final long EXPIRY_RETRY_MS = 1000;

    /**
     * The handle's timeout passed without a reclaim: it is closed and its locks released, but only while this node may
     * change the share's data (ownership token and quorum lease, {@link dev.casmb.smb.ServerContext#mayMutate}) and only once the
     * store has removed its record (in the pair a Raft commit stamped with this node's ownership epoch, which the
     * replicated state refuses from a node that lost the aggregate). Otherwise it tries again later; a node that
     * lost the aggregate drops the open when it releases the share.
     */
    void expire(Open o) {
        DurableState st = o.durable;
        if (st == null || o.closed || !st.isDisconnected()) return;
        if (!server.mayMutate(o)) {
            log.warn("{} handle {} on {}:{} is due to expire but this node may not change the share now; retrying",
                st.persistent ? "persistent" : "durable", o.persistentId, st.share, o.smbPath);
            scheduleExpiry(o, EXPIRY_RETRY_MS);
            return;
        }
        try {
            if (!server.closeIfDisconnected(o)) return;
        } catch (IOException e) {
            log.warn("{} handle {} on {}:{} could not expire (store: {}); retrying", st.persistent ? "persistent" : "durable",
                o.persistentId, st.share, o.smbPath, e.toString());
            if (!o.closed && st.isDisconnected()) scheduleExpiry(o, EXPIRY_RETRY_MS);
            return;
        }
        log.info("{} handle {} on {}:{} of {} expired after {} ms without reclaim; closed and its locks released",
            st.persistent ? "persistent" : "durable", o.persistentId, st.share, o.smbPath, st.owner, st.timeoutMs);
    }

    /**
     * A successful reclaim: the open belongs to the new session and tree again. Under the open's monitor, so that
     * an expiry and a reclaim never both succeed ({@link dev.casmb.smb.ServerContext#closeIfDisconnected}).
     */
    public void reattach(Open o, dev.casmb.smb.state.TreeConnect tree) throws SmbException {
        DurableState st = o.durable;
        synchronized (o) {
            if (o.closed || st == null || !st.isDisconnected()) {
                throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "handle expired or closed meanwhile");
            }
            st.cancelExpiry();
            st.disconnectedAt = 0;
            o.tree = tree;
            o.session = tree.session;
        }
        tree.session.opens.put(o.volatileId, o);
        log.info("{} handle {} on {}:{} reclaimed by {}", st.persistent ? "persistent" : "durable", o.persistentId,
            st.share, o.smbPath, tree.session.user);
    }

    /** The open's persistent record; its ownership epoch is 0 here (the pair's store stamps its aggregate's epoch). */
    public HandleRecord record(Open o) {
        DurableState st = o.durable;
        List<HandleRecord.LockRange> locks = new ArrayList<>();
        for (ByteRangeLocks.Lock l : o.node.locks.snapshot()) {
            if (l.owner() == o) locks.add(new HandleRecord.LockRange(l.offset(), l.length(), l.exclusive()));
        }
        int[] lease = dev.casmb.smb.lease.Leases.stateOf(o);
        int flags = (o.deleteOnClose ? HandleRecord.FLAG_DELETE_ON_CLOSE : 0)
            | (o.node.deletePending ? HandleRecord.FLAG_DELETE_PENDING : 0);
        dev.casmb.smb.state.Lease l = o.lease;
        return new HandleRecord(o.persistentId, st.createGuid, st.clientGuid, st.owner, st.share, o.smbPath,
            o.grantedAccess, o.shareAccess, o.createOptions, o.directory, st.timeoutMs, st.appInstanceId,
            st.appInstanceVersionHigh, st.appInstanceVersionLow, lease == null ? null : l.key.clone(),
            lease == null ? 0 : lease[0], lease == null ? 0 : lease[1], lease == null ? 0 : lease[2], locks,
            st.lockSequences.clone(), 0, flags, lease != null ? 0xFF : o.oplockLevel,
            lease == null ? null : dev.casmb.smb.lease.Leases.parentKeyOf(o), o.channelSequence & 0xFFFF);
    }

    /**
     * Reloads persistent handles from the store (restart, takeover): each comes back disconnected, with
     * its locks, reclaimable for its full timeout from now ({@link HandleRestorer}).
     */
    public int restore() throws IOException {
        return restore(List.of());
    }

    /**
     * Reloads persistent handles of the shares served here and of {@code staged} (shares about to be served,
     * {@link dev.casmb.smb.ServerContext#stageShare}: restore before serve). Records of other shares are left in the store as they
     * are (another node's, or a share not served yet); nothing in the reload deletes a record.
     */
    public int restore(java.util.Collection<Share> staged) throws IOException {
        long t0 = System.nanoTime();
        java.util.Collection<HandleRecord> all = store.loadAll();
        long loaded = System.nanoTime();
        int n = new HandleRestorer(server, this, staged).restore(all);
        if (n > 0) log.info("restored {} persistent handle(s) in {} ms (store load {} ms); reclaimable for their timeout", n,
            (System.nanoTime() - t0) / 1_000_000, (loaded - t0) / 1_000_000);
        return n;
    }

    /** A reloaded handle joins the CreateGuid index (reclaim by CreateGuid, replay). */
    void indexCreateGuid(Open o, DurableState st) {
        if (st.createGuid != null) byCreateGuid.put(new GuidKey(st.createGuid), o);
    }

    void scheduleBatch(ExpiryBatch b, long delayMs) {
        b.schedule(timer, delayMs, this::expire);
    }

    /**
     * A reloaded file handle opens its file when it is reclaimed, not when it is reloaded (a takeover of
     * 100 000 handles would otherwise open 100 000 files, beyond the descriptor limit, before any client is
     * served). Also checks here that a symlink does not leave the share. A file that is gone closes the
     * handle (as a reload used to drop it): OBJECT_NAME_NOT_FOUND. Any other failure (e.g. no descriptor
     * left) keeps the handle disconnected and reclaimable: INSUFFICIENT_RESOURCES.
     */
    public void openRestored(Open o) throws SmbException {
        if (o.channel != null) return;
        synchronized (o) {
            if (o.channel != null || o.closed) return;
            DurableState st = o.durable;
            Share share = st == null ? null : server.share(st.share);
            if (share == null) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "share not served here");
            Path path = o.path();
            try {
                share.vfs().checkConfined(path);
                if (o.directory) return;
                boolean write = (o.grantedAccess & 0x6) != 0;
                o.channel = share.vfs().open(path, write
                    ? java.util.EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)
                    : java.util.EnumSet.of(StandardOpenOption.READ));
            } catch (java.nio.file.NoSuchFileException | SmbException e) {
                log.warn("persistent handle {} ({}:{}) cannot be reclaimed, its file is gone: {}; closing it", o.persistentId,
                    st.share, o.smbPath, e.toString());
                server.closeOpen(o);
                throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "file of the handle is gone");
            } catch (IOException e) {
                log.warn("persistent handle {} ({}:{}): file cannot be opened for the reclaim: {}", o.persistentId, st.share,
                    o.smbPath, e.toString());
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "file of the handle cannot be opened now");
            }
        }
    }

    /** Drops (without closing files) every open of a share that this node no longer owns (takeover). */
    public List<Open> opensOfShare(String share) {
        List<Open> out = new ArrayList<>();
        for (Open o : server.opens().all()) {
            DurableState st = o.durable;
            if (st != null && st.share.equalsIgnoreCase(share)) out.add(o);
        }
        return out;
    }

    public static boolean sameGuid(byte[] a, byte[] b) {
        return a != null && b != null && Arrays.equals(a, b);
    }

    public void shutdown() {
        timer.shutdownNow();
    }
}
