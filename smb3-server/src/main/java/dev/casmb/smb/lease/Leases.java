package dev.casmb.smb.lease;

import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.LeaseState;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.LeaseBreakNotification;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Lease;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenLifecycleListener;
import dev.casmb.smb.state.SmbConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease table and lease state machine (MS-SMB2 3.3.1.4 LeaseTable, 3.3.4.7, 3.3.5.9.8/11,
 * 3.3.5.22.2; MS-FSA 2.1.4.12 for what breaks a lease).
 *
 * <p>Grant: a new lease gets the requested state (R, RH, RW or RWH; anything without R is granted no
 * caching) less W if another non-stat open of the file exists, less H if another open holds a LEVEL_II,
 * EXCLUSIVE or BATCH oplock. A request on an existing lease of the same client and key upgrades it only
 * to a strict superset the other opens allow. Breaks: a non-stat open by another lease or open breaks W
 * (to RH/R), and H too if it hits a sharing violation; an overwriting open breaks to none; a write, lock
 * or truncate breaks other leases' R to none without waiting. A break from a state with W or H needs an
 * acknowledgement and the conflicting CREATE waits for it, the lease's close, or the break timeout.
 *
 * <p>One table per server ({@code ServerContext.leases()}); it hears of closes, disconnects and reclaims as an
 * {@link OpenLifecycleListener}, times breaks out on the server's timer and sends them through the server's
 * {@link BreakSender}. The static methods are pure (request parsing, reclaim checks) or read an open's own lease.
 */
public final class Leases implements OpenLifecycleListener {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    /** Guards this table and every field of its leases. */
    final Object lock = new Object();
    private final Map<String, Lease> table = new ConcurrentHashMap<>();
    private final OplockHost server;

    /** The lease table of {@code server} ({@code ServerContext.leases()}); null only in unit tests that never break. */
    public Leases(OplockHost server) {
        this.server = server;
    }

    /**
     * The lease request of a CREATE, or null when it must be ignored (MS-SMB2 3.3.5.9.8/11: the server
     * supports leasing only from dialect 2.1, and only with RequestedOplockLevel LEASE).
     */
    public static LeaseContext request(SmbConnection conn, int oplock, Map<String, byte[]> contexts) throws SmbException {
        byte[] d = contexts.get(LeaseContext.TAG);
        int dialect = conn.dialect;
        if (d == null || oplock != Oplocks.LEASE || dialect < Dialect.SMB_2_1 || dialect == Dialect.WILDCARD) return null;
        return LeaseContext.parse(d, Dialect.isSmb3(dialect));
    }

    /**
     * The lease context of a durable reconnect: only its key matters there, and it counts whatever the
     * RequestedOplockLevel (smbtorture durable-open.reopen2-lease sends 0x78).
     */
    public static LeaseContext reconnectRequest(SmbConnection conn, Map<String, byte[]> contexts) throws SmbException {
        byte[] d = contexts.get(LeaseContext.TAG);
        int dialect = conn.dialect;
        if (d == null || dialect < Dialect.SMB_2_1 || dialect == Dialect.WILDCARD) return null;
        return LeaseContext.parse(d, Dialect.isSmb3(dialect));
    }

    public Lease find(byte[] clientGuid, byte[] key) {
        return table.get(Lease.id(clientGuid, key));
    }

    /** A client's lease key names one file: reusing it for another file is STATUS_INVALID_PARAMETER. */
    public void checkKey(byte[] clientGuid, LeaseContext lr, Path path) throws SmbException {
        if (lr == null) return;
        synchronized (lock) {
            Lease l = find(clientGuid, lr.key());
            if (l != null && !l.node.path.equals(path)) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "lease key in use for another file");
            }
        }
    }

    /**
     * Breaks the leases of other clients/keys on {@code node} that conflict with a new open. Returns the
     * leases whose acknowledgement the open must wait for (empty: go on now).
     */
    public List<Lease> breakFor(FileNode node, byte[] clientGuid, LeaseContext own, int access, boolean overwrite,
                                       boolean sharingViolation) {
        List<Lease> wait = new ArrayList<>();
        if (isStatOpen(access) && !overwrite) return wait;
        // The open waits only for the loss of W (the holder must flush) or, on a sharing violation, of H
        // (the holder may close); a break to none for an overwrite does not hold it up (lease.breaking4).
        Effects fx = new Effects();
        synchronized (lock) {
            for (Lease l : leasesOf(node)) {
                if (own != null && Arrays.equals(l.clientGuid, clientGuid) && Arrays.equals(l.key, own.key())) continue;
                // A sharing violation costs H only (the holder may close; the open itself will not happen), as
                // Windows and smbtorture lease.break_twice show; an open that goes ahead costs W.
                int target = LeaseRules.breakTarget(l.state, sharingViolation, overwrite);
                boolean delays = LeaseRules.delays(l.state, sharingViolation);
                if (l.breaking) {
                    int cur = l.pendingTo >= 0 ? l.pendingTo : l.breakTo;
                    if ((cur & ~target) != 0) l.pendingTo = cur & target;
                    if (delays) wait.add(l);
                    continue;
                }
                if (target == l.state) continue;
                if (startBreak(l, target, fx) && delays) wait.add(l);
            }
        }
        fx.run();
        return wait;
    }

    /** A write, byte-range lock or size change by {@code writer}: other leases lose R (MS-FSA 2.1.4.12). */
    public void breakForWrite(FileNode node, Open writer) {
        Lease own = writer == null ? null : writer.lease;
        Effects fx = new Effects();
        synchronized (lock) {
            for (Lease l : leasesOf(node)) {
                if (l == own) continue;
                if (l.breaking) {
                    l.pendingTo = LeaseState.NONE;
                    continue;
                }
                if (l.state != LeaseState.NONE) startBreak(l, LeaseState.NONE, fx);
            }
        }
        fx.run();
    }

    /**
     * A rename (or delete) through {@code actor}: other leases of the file lose H (MS-FSA 2.1.5.14.11),
     * without holding up the operation.
     */
    public void breakHandle(FileNode node, Open actor) {
        Lease own = actor == null ? null : actor.lease;
        Effects fx = new Effects();
        synchronized (lock) {
            for (Lease l : leasesOf(node)) {
                if (l == own) continue;
                if (l.breaking) {
                    int cur = l.pendingTo >= 0 ? l.pendingTo : l.breakTo;
                    l.pendingTo = LeaseState.normalize(cur & ~LeaseState.H);
                    continue;
                }
                int target = LeaseState.normalize(l.state & ~LeaseState.H);
                if (target != l.state) startBreak(l, target, fx);
            }
        }
        fx.run();
    }

    /**
     * Stat opens neither break leases nor keep W from being granted: only attribute, synchronize and
     * read-control access (as Windows; smbtorture lease.statopen4).
     */
    public static boolean isStatOpen(int access) {
        return (access & ~(dev.casmb.smb.proto.AccessMask.FILE_READ_ATTRIBUTES
            | dev.casmb.smb.proto.AccessMask.FILE_WRITE_ATTRIBUTES | dev.casmb.smb.proto.AccessMask.SYNCHRONIZE
            | dev.casmb.smb.proto.AccessMask.READ_CONTROL)) == 0;
    }


    /** Runs {@code r} once, when any of the leases' breaks is acknowledged, times out or its opens close. */
    public void whenResolved(List<Lease> leases, Runnable r) {
        AtomicBoolean once = new AtomicBoolean();
        Runnable one = () -> {
            if (once.compareAndSet(false, true)) r.run();
        };
        boolean now = false;
        synchronized (lock) {
            for (Lease l : leases) {
                if (!l.breaking || l.opens.isEmpty()) {
                    now = true;
                    break;
                }
                l.waiters.add(one);
            }
        }
        if (now) one.run();
    }

    /** The highest oplock a new non-lease open may get: none while another open holds a lease with H. */
    public int capOplock(Open open, int requested) {
        synchronized (lock) {
            for (Lease l : leasesOf(open.node)) {
                if ((l.state & LeaseState.H) != 0 || (l.breaking && (l.breakTo & LeaseState.H) != 0)) return Oplocks.NONE;
            }
        }
        return requested;
    }

    /**
     * Grants a lease to a new open (already in node.opens). The open joins its client's lease for that
     * key, which is created or upgraded as the other opens of the file allow.
     */
    public Lease grant(Open open, LeaseContext lr, byte[] clientGuid, SmbConnection owner) {
        Lease l;
        boolean changed = false;
        synchronized (lock) {
            String id = Lease.id(clientGuid, lr.key());
            l = table.get(id);
            boolean otherOpens = false, otherOplocks = false;
            for (Open o : open.node.opens) {
                if (o == open || o.closed || (l != null && o.lease == l)) continue;
                // A stat open does not count, unless it holds a lease of its own (smbtorture lease.statopen*).
                if (o.lease == null && isStatOpen(o.grantedAccess)) continue;
                otherOpens = true;
                int ol = o.oplockLevel;
                if (o.lease == null && (ol == Oplocks.LEVEL_II || ol == Oplocks.EXCLUSIVE || ol == Oplocks.BATCH)) {
                    otherOplocks = true;
                }
            }
            int allowed = LeaseRules.allowed(otherOpens, otherOplocks);
            if (l == null) {
                l = new Lease(lock, clientGuid, lr.key(), lr.version(), open.node);
                l.state = LeaseRules.newLease(lr.state(), allowed);
                if (l.version == 2) {
                    l.epoch = (lr.epoch() + 1) & 0xFFFF;
                }
                table.put(id, l);
                changed = true;
            } else if (LeaseRules.upgrade(l.state, lr.state(), allowed, l.breaking) != l.state) {
                l.state = LeaseRules.upgrade(l.state, lr.state(), allowed, l.breaking);
                if (l.version == 2) l.epoch = (l.epoch + 1) & 0xFFFF;
                changed = true;
            }
            l.opens.put(open, owner);
            open.lease = l;
            open.oplockLevel = Oplocks.LEASE;
        }
        if (changed) log.debug("lease {} granted on {}", l, open.smbPath);
        if (changed) persist(l, null);
        return l;
    }

    /**
     * The RqLs response context for an open's lease. It has the lease's version, whatever the version of
     * this request (smbtorture lease.v2_epoch2/3: a v1 request on a v2 lease gets a v2 response).
     */
    public static CreateContexts.Ctx response(Open o) {
        Lease l = o.lease;
        if (l == null) return null;
        synchronized (l.lock) {
            int flags = l.breaking ? LeaseContext.FLAG_BREAK_IN_PROGRESS : 0;
            int v = l.version;
            LeaseContext c = new LeaseContext(v, l.key, l.state, flags, null, v == 2 ? l.epoch : 0);
            return new CreateContexts.Ctx(LeaseContext.TAG, c.encode());
        }
    }

    /**
     * LEASE_BREAK acknowledgement (MS-SMB2 3.3.5.22.2). Returns the acknowledged state, now the lease's.
     */
    public int acknowledge(byte[] clientGuid, byte[] key, int state) throws SmbException {
        Lease l;
        List<Runnable> run;
        Effects fx = new Effects();
        synchronized (lock) {
            l = find(clientGuid, key);
            if (l == null) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no such lease");
            if (!l.breaking) throw new SmbException(NtStatus.UNSUCCESSFUL, "no lease break outstanding");
            if (!LeaseRules.ackAccepted(state, l.breakTo)) {
                throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "acknowledged lease state exceeds the break");
            }
            l.state = state;
            endBreak(l);
            if (l.pendingTo >= 0) {
                // Further reductions asked for meanwhile are broken in steps, as Windows does: first to R
                // while W or H remain (acknowledged), then to none (smbtorture lease.breaking3).
                int finalTo = LeaseState.normalize(l.pendingTo & state);
                int step = LeaseRules.nextStep(state, l.pendingTo);
                l.pendingTo = step == finalTo ? -1 : finalTo;
                if (step != state) startBreak(l, step, fx, false);
                else l.pendingTo = -1;
            }
            // Waiting opens go on only when the whole break is over (lease.breaking3: still pending after
            // the first of two acknowledgements).
            run = l.breaking ? List.of() : drainWaiters(l);
            fx.dirty.add(l);
        }
        boolean durable = fx.run();
        run.forEach(Runnable::run);
        if (!durable) throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "lease state could not be made durable");
        return state;
    }

    /** An open closed: it leaves its lease; the last one removes the lease from the table. */
    @Override
    public void onClose(Open o) {
        Lease l = o.lease;
        if (l == null) return;
        List<Runnable> run;
        synchronized (lock) {
            l.opens.remove(o);
            if (l.opens.isEmpty()) {
                table.remove(Lease.id(l.clientGuid, l.key), l);
                endBreak(l);
            }
            // Opens waiting for a break go on when it is over, not when some other handle of the lease
            // closes meanwhile (lease.breaking3).
            run = l.breaking ? List.of() : drainWaiters(l);
        }
        run.forEach(Runnable::run);
    }

    /**
     * DHnC/DH2C of a leased open (MS-SMB2 3.3.5.9.7/12): the request must name the same lease key and
     * come from the lease's client; an open without a lease cannot be reclaimed with one.
     */
    public static void checkReconnect(Open o, LeaseContext lr, byte[] clientGuid, Path requested) throws SmbException {
        Lease l = o.lease;
        if (l == null) {
            if (lr != null) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "reclaim with a lease of an open without one");
            return;
        }
        if (lr == null || !Arrays.equals(l.key, lr.key())) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "reclaim without the open's lease key");
        }
        if (!Arrays.equals(l.clientGuid, clientGuid)) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "reclaim of a leased open by another client");
        }
        // A leased reclaim names the lease's file, else STATUS_INVALID_PARAMETER (unlike oplocks; Windows,
        // smbtorture durable-open.reopen2-lease).
        if (requested == null || !requested.equals(o.node.path)) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "reclaim of a leased open under another name");
        }
    }

    /**
     * The transport under {@code o} is gone. A lease break that now has nobody to acknowledge it ends:
     * durable (non-persistent) opens of the lease are closed as Windows purges them, a persistent lease
     * takes the state it was being broken to; waiting opens go on.
     */
    @Override
    public void onDisconnect(Open o) {
        Lease l = o.lease;
        if (l == null) return;
        List<Runnable> run;
        Effects fx = new Effects();
        synchronized (lock) {
            if (!l.breaking) return;
            for (Open x : l.opens.keySet()) {
                if (x.durable == null || !x.durable.isDisconnected()) return; // someone can still ack
            }
            boolean anyPersistent = l.opens.keySet().stream().anyMatch(x -> x.durable.persistent);
            if (anyPersistent) {
                l.state = l.pendingTo >= 0 ? LeaseState.normalize(l.breakTo & l.pendingTo) : l.breakTo;
                l.pendingTo = -1;
                endBreak(l);
                fx.dirty.add(l);
            } else {
                log.info("lease {} on {} being broken lost its connection; closing its durable handles", l, l.node.path);
                fx.close.addAll(l.opens.keySet());
                endBreak(l);
            }
            run = drainWaiters(l);
        }
        fx.run();
        run.forEach(Runnable::run);
    }

    /** After a reclaim: breaks of the open's lease go to the new connection. */
    @Override
    public void onReattach(Open o, SmbConnection d) {
        Lease l = o.lease;
        if (l == null) return;
        synchronized (lock) {
            l.opens.remove(o);
            l.opens.put(o, d);
        }
    }

    /** Rebuilds a persistent open's lease from its handle record (restart, takeover). */
    public void restore(Open o, byte[] clientGuid, byte[] key, int state, int epoch, int version,
                               byte[] parentKey) {
        if (key == null || clientGuid == null) return;
        synchronized (lock) {
            String id = Lease.id(clientGuid, key);
            Lease l = table.get(id);
            if (l != null && l.opens.keySet().stream().allMatch(x -> x.closed)) {
                // left over from an earlier ownership of the file (released without closing its opens): the
                // record is newer than anything it holds
                table.remove(id, l);
                l = null;
            }
            if (l == null) {
                l = new Lease(lock, clientGuid, key, version == 2 ? 2 : 1, o.node);
                l.state = LeaseState.normalize(state);
                l.epoch = epoch & 0xFFFF;
                l.parentKey = parentKey == null ? null : parentKey.clone();
                table.put(id, l);
            }
            l.opens.put(o, null);
            o.lease = l;
            o.oplockLevel = Oplocks.LEASE;
        }
    }

    /** The parent lease key of an open's lease (MS-SMB2 Lease.ParentLeaseKey), for its handle record; null if none. */
    public static byte[] parentKeyOf(Open o) {
        Lease l = o.lease;
        if (l == null) return null;
        synchronized (l.lock) {
            return l.parentKey == null ? null : l.parentKey.clone();
        }
    }

    /** Lease state, epoch and version of an open, for its handle record; null if it has no lease. */
    public static int[] stateOf(Open o) {
        Lease l = o.lease;
        if (l == null) return null;
        synchronized (l.lock) {
            return new int[] {l.state, l.epoch, l.version};
        }
    }

    // ---- internals (lock held) ----

    private static Set<Lease> leasesOf(FileNode node) {
        Set<Lease> out = new LinkedHashSet<>();
        for (Open o : node.opens) {
            Lease l = o.lease;
            if (l != null && !o.closed) out.add(l);
        }
        return out;
    }

    /** Side effects collected under the lock and run after it: closes, store writes. */
    private final class Effects {
        final List<Open> close = new ArrayList<>();
        final Set<Lease> dirty = new LinkedHashSet<>();

        /** Runs the effects; false if a lease change could not be made durable (the caller's reply says so). */
        boolean run() {
            for (Open o : close) {
                if (server != null) server.closeOpen(o);
            }
            boolean ok = true;
            for (Lease l : dirty) ok &= persist(l, null);
            return ok;
        }
    }

    /**
     * Starts a break to {@code to} (MS-SMB2 3.3.4.7). Returns true if it needs an acknowledgement.
     * A lease none of whose opens is connected cannot be told: durable opens are closed (as Windows
     * purges them), persistent ones simply drop to the new state.
     */
    private boolean startBreak(Lease l, int to, Effects fx) {
        return startBreak(l, to, fx, true);
    }

    /** {@code newEpoch}: false for the follow-up steps of one break (lease.v2_breaking3 keeps the epoch). */
    private boolean startBreak(Lease l, int to, Effects fx, boolean newEpoch) {
        Map.Entry<Open, SmbConnection> target = null;
        for (Map.Entry<Open, SmbConnection> e : l.opens.entrySet()) {
            SmbConnection d = e.getValue();
            Open o = e.getKey();
            boolean disconnected = o.durable != null && o.durable.isDisconnected();
            SmbConnection live = disconnected ? null : SmbConnection.liveFor(o, d);
            if (live != null && target == null) target = Map.entry(o, live);
        }
        if (target == null) {
            boolean anyPersistent = l.opens.keySet().stream().anyMatch(o -> o.durable != null && o.durable.persistent);
            if (!anyPersistent) {
                log.info("lease {} on {} has no connected open; closing its disconnected handles", l, l.node.path);
                fx.close.addAll(l.opens.keySet());
                return false;
            }
            log.info("lease {} on {} broken to {} while disconnected", l, l.node.path, LeaseState.name(to));
            l.state = to;
            if (l.version == 2) l.epoch = (l.epoch + 1) & 0xFFFF;
            fx.dirty.add(l);
            return false;
        }
        boolean ack = LeaseRules.ackRequired(l.state);
        if (l.version == 2 && newEpoch) l.epoch = (l.epoch + 1) & 0xFFFF;
        send(l, target.getKey(), target.getValue(), ack, to);
        if (ack) {
            l.breaking = true;
            l.breakTo = to;
            l.timeout = server.scheduleLeaseTimeout(() -> timeout(l), Oplocks.BREAK_TIMEOUT_MS);
        } else {
            l.state = to;
            fx.dirty.add(l);
        }
        return ack;
    }

    private void endBreak(Lease l) {
        l.breaking = false;
        if (l.timeout != null) l.timeout.cancel(false);
        l.timeout = null;
    }

    private List<Runnable> drainWaiters(Lease l) {
        List<Runnable> run = new ArrayList<>(l.waiters);
        l.waiters.clear();
        return run;
    }

    private void timeout(Lease l) {
        List<Runnable> run;
        Effects fx = new Effects();
        synchronized (lock) {
            if (!l.breaking) return;
            log.info("lease break of {} on {} not acknowledged in {} ms", l, l.node.path, Oplocks.BREAK_TIMEOUT_MS);
            // An unacknowledged break leaves no caching at all (smbtorture lease.timeout).
            l.state = LeaseState.NONE;
            l.pendingTo = -1;
            endBreak(l);
            fx.dirty.add(l);
            run = drainWaiters(l);
        }
        fx.run();
        run.forEach(Runnable::run);
    }

    /**
     * Persistent opens of the lease rewrite their handle record (lease change, MS-SMB2 3.3.5.22.2). False if one could
     * not: the record keeps the previous state (a stricter or looser caching state than the client was told; a LEASE_BREAK
     * acknowledgement then fails so that the client knows).
     */
    private boolean persist(Lease l, Open only) {
        boolean ok = true;
        List<Open> opens;
        synchronized (lock) {
            opens = new ArrayList<>(l.opens.keySet());
        }
        for (Open o : opens) {
            if (only != null && o != only) continue;
            if (o.durable == null || !o.durable.persistent || o.closed) continue;
            try {
                server.durable().persist(o);
            } catch (IOException e) {
                log.error("could not persist the lease of handle {}: {}", o.persistentId, e.toString());
                ok = false;
            }
        }
        return ok;
    }

    /** Sends the notification through the server's one break sender (which picks the connection, MS-SMB2 3.3.4.7). */
    private void send(Lease l, Open o, SmbConnection d, boolean ack, int to) {
        log.debug("lease break {} on {} to {} (ack {})", l, l.node.path, LeaseState.name(to), ack);
        server.breaks().leaseBreak(o, d, l.clientGuid,
            new LeaseBreakNotification(l.version == 2 ? l.epoch : 0, ack, l.key, l.state, to));
    }
}
