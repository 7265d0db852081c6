package dev.casmb.smb.lease;

import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.message.OplockBreakNotification;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenLifecycleListener;
import dev.casmb.smb.state.SmbConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Oplocks (MS-SMB2 3.3.5.9 / 3.3.4.6 / 3.3.5.22.1, MS-FSA 2.1.5.17): grants at CREATE, breaks of
 * other opens' oplocks when a conflicting open arrives, and acknowledgement handling.
 *
 * <p>Rules (as Windows and Samba behave): a new open that has data access breaks EXCLUSIVE and BATCH
 * oplocks of other opens to LEVEL_II (to NONE if it overwrites the file) and must wait for the
 * acknowledgement, the holder's close or the break timeout. An EXCLUSIVE oplock is not broken by an
 * open that fails with a sharing violation anyway; a BATCH one is (its holder may close). LEVEL_II
 * oplocks are broken to NONE, without acknowledgement, by an overwriting open, a write or a byte-range
 * lock. An oplock is granted as requested when no other open exists, else at most LEVEL_II.
 * Attribute-only ("stat") opens neither break nor get oplocks.
 */
public final class Oplocks implements OpenLifecycleListener {
    private static final Logger log = LoggerFactory.getLogger(Oplocks.class);
    public static final int NONE = 0, LEVEL_II = 1, EXCLUSIVE = 8, BATCH = 9, LEASE = 0xFF;
    /** Break acknowledgement timeout (Windows: 35 s); system property casmb.oplock.breakTimeoutMs. */
    public static final long BREAK_TIMEOUT_MS = Long.getLong("casmb.oplock.breakTimeoutMs", 35_000L);

    /** Per-open oplock bookkeeping. */
    static final class Holder {
        final Open open;
        /** Where breaks go: the open's connection; null for a restored handle until it is reclaimed. */
        volatile SmbConnection owner;
        /** Level the open is being broken to, or -1 when no acknowledged break is outstanding. */
        int breakingTo = -1;
        ScheduledFuture<?> timeout;
        final List<Runnable> onResolved = new ArrayList<>();

        Holder(Open open, SmbConnection owner) {
            this.open = open;
            this.owner = owner;
        }
    }

    private final Map<Open, Holder> holders = new ConcurrentHashMap<>();
    private final OplockHost server;

    /** The oplock table of {@code server} ({@code ServerContext.oplocks()}). */
    public Oplocks(OplockHost server) {
        this.server = server;
    }

    /** Access of an open that neither breaks nor is broken by oplocks unless it overwrites (as Samba). */
    static final int STAT_ACCESS = AccessMask.FILE_READ_ATTRIBUTES | AccessMask.FILE_WRITE_ATTRIBUTES
        | AccessMask.SYNCHRONIZE;

    public static boolean isStatOpen(int access) {
        return (access & ~STAT_ACCESS) == 0;
    }

    /**
     * Breaks oplocks that conflict with a new open of {@code node}. Returns the opens whose break must be
     * acknowledged before the new open may proceed (empty: go on now).
     */
    public List<Open> breakFor(FileNode node, int access, boolean overwrite, boolean sharingViolation) {
        List<Open> wait = new ArrayList<>();
        if (isStatOpen(access) && !overwrite) return wait;
        List<Holder> purge = new ArrayList<>();
        List<Open> lowered = new ArrayList<>();
        for (Open o : node.opens) {
            Holder h = holders.get(o);
            if (h == null || o.closed) continue;
            if ((o.oplockLevel == BATCH || o.oplockLevel == EXCLUSIVE) && isDisconnectedDurable(o)) {
                purge.add(h); // nobody can acknowledge: the durable handle goes (Windows; durable-open.oplock)
                continue;
            }
            if (isDisconnectedPersistent(o)) {
                // Nobody can acknowledge, and a persistent handle stays (as a persistent lease does,
                // Leases.onDisconnect): the break completes at once to the level it would be broken to; the
                // reclaim reports that level.
                synchronized (h) {
                    int level = o.oplockLevel;
                    if (level == BATCH || level == EXCLUSIVE) o.oplockLevel = overwrite ? NONE : LEVEL_II;
                    else if (level == LEVEL_II && overwrite) o.oplockLevel = NONE;
                    if (o.oplockLevel == NONE) holders.remove(o, h);
                    if (o.oplockLevel != level) lowered.add(o);
                }
                continue;
            }
            synchronized (h) {
                if (h.breakingTo >= 0) {
                    if (overwrite && h.breakingTo == LEVEL_II) h.breakingTo = NONE; // ack may not keep LEVEL_II
                    wait.add(o);
                    continue;
                }
                int level = o.oplockLevel;
                if (level == BATCH || level == EXCLUSIVE) {
                    if (sharingViolation && level == EXCLUSIVE) continue;
                    int to = overwrite ? NONE : LEVEL_II;
                    h.breakingTo = to;
                    h.timeout = server.schedule(() -> timeout(h), BREAK_TIMEOUT_MS);
                    send(h, to);
                    wait.add(o);
                } else if (level == LEVEL_II && overwrite) {
                    o.oplockLevel = NONE;
                    lowered.add(o);
                    send(h, NONE);
                }
            }
        }
        persist(lowered);
        for (Holder h : purge) {
            if (h.owner != null) server.closeOpen(h.open);
        }
        return wait;
    }

    private static boolean isDisconnectedPersistent(Open o) {
        return o.durable != null && o.durable.isDisconnected() && o.durable.persistent;
    }

    /** A persistent handle reloaded from its record (restart, takeover) gets its oplock back, disconnected. */
    public void restore(Open o, int level) {
        if (level != LEVEL_II && level != EXCLUSIVE && level != BATCH) return;
        o.oplockLevel = level;
        holders.put(o, new Holder(o, null));
    }

    /** After a reclaim: breaks of the open's oplock go to the new connection. */
    @Override
    public void onReattach(Open o, SmbConnection d) {
        Holder h = holders.get(o);
        if (h != null) h.owner = d;
    }

    private static boolean isDisconnectedDurable(Open o) {
        return o.durable != null && o.durable.isDisconnected() && !o.durable.persistent;
    }

    /**
     * The transport under a durable open went away: an oplock break it was sent cannot be acknowledged
     * any more, so the handle is closed and the waiting open goes on.
     */
    @Override
    public void onDisconnect(Open o) {
        Holder h = holders.get(o);
        if (h == null || !isDisconnectedDurable(o)) return;
        boolean breaking;
        synchronized (h) {
            breaking = h.breakingTo >= 0;
        }
        if (breaking && h.owner != null) server.closeOpen(o);
    }

    /** Runs {@code r} once, when any of the opens' breaks is acknowledged, times out or the open closes. */
    public void whenResolved(List<Open> opens, Runnable r) {
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable one = () -> {
            if (once.compareAndSet(false, true)) r.run();
        };
        for (Open o : opens) {
            Holder h = holders.get(o);
            boolean resolved;
            if (h == null) {
                resolved = true;
            } else {
                synchronized (h) {
                    // a holder being closed is not resolved yet: it is still among the file's opens until its close
                    // unregisters it, and onClose (which runs after that) resolves the waiters. Counting o.closed here
                    // let the waiting CREATE run again too early and meet the closing open (smbtorture batch7, once:
                    // SHARING_VIOLATION where the close should have let the second open in)
                    resolved = h.breakingTo < 0;
                    if (!resolved) h.onResolved.add(one);
                }
            }
            if (resolved) {
                one.run();
                return;
            }
        }
    }

    /** The oplock level for a new open (already in node.opens), recorded on the open. */
    public int grant(Open open, int requested, SmbConnection owner) {
        int level = requested;
        if (level == LEASE || open.directory || open.pipe != null) level = NONE;
        if (level != NONE && level != LEVEL_II && level != EXCLUSIVE && level != BATCH) level = NONE;
        if (level == EXCLUSIVE || level == BATCH) {
            for (Open o : open.node.opens) {
                if (o != open && !o.closed) {
                    level = LEVEL_II;
                    break;
                }
            }
        }
        if (level == LEVEL_II) {
            for (Open o : open.node.opens) {
                Holder h = holders.get(o);
                if (o != open && (o.oplockLevel == EXCLUSIVE || o.oplockLevel == BATCH || (h != null && h.breakingTo >= 0))) {
                    level = NONE;
                    break;
                }
            }
        }
        open.oplockLevel = level;
        if (level != NONE) holders.put(open, new Holder(open, owner));
        return level;
    }

    /** Breaks LEVEL_II oplocks of the file to NONE before a write or byte-range lock (MS-FSA 2.1.4.12). */
    public void breakLevelII(FileNode node, Open writer) {
        server.leases().breakForWrite(node, writer);
        List<Open> lowered = new ArrayList<>();
        for (Open o : node.opens) {
            if (o.oplockLevel != LEVEL_II || o.closed) continue;
            Holder h = holders.get(o);
            if (h == null) continue;
            synchronized (h) {
                if (o.oplockLevel != LEVEL_II || h.breakingTo >= 0) continue;
                o.oplockLevel = NONE;
                lowered.add(o);
                send(h, NONE);
            }
        }
        persist(lowered);
    }

    /**
     * Persistent opens whose oplock was lowered without an acknowledgement (a break to NONE, or a disconnected
     * holder's break) rewrite their record, so that a takeover restores the level the client was told. A failure
     * leaves the record's higher level (the next conflicting open breaks it again) and is logged: it is not the
     * requester's error.
     */
    private void persist(List<Open> lowered) {
        for (Open o : lowered) {
            try {
                server.durable().persist(o);
            } catch (java.io.IOException e) {
                log.warn("lowered oplock of persistent handle {} not recorded: {}", o.persistentId, e.toString());
            }
        }
    }

    /** Outcome of an acknowledgement (MS-SMB2 3.3.5.22.1): the new level, or a negative NTSTATUS-less code. */
    public enum AckResult { OK, NOT_BREAKING, BAD_LEVEL }

    /** Handles OPLOCK_BREAK acknowledgement; on OK the open's level is the acknowledged one. */
    public AckResult acknowledge(Open o, int level) {
        Holder h = holders.get(o);
        if (h == null) return AckResult.NOT_BREAKING;
        List<Runnable> run;
        AckResult result;
        synchronized (h) {
            if (h.breakingTo < 0) return AckResult.NOT_BREAKING;
            if (level != NONE && level != LEVEL_II) return AckResult.BAD_LEVEL;
            if (level == LEVEL_II && h.breakingTo == NONE) {
                o.oplockLevel = NONE;
                result = AckResult.BAD_LEVEL;
            } else {
                o.oplockLevel = level;
                result = AckResult.OK;
            }
            run = resolve(h);
        }
        if (o.oplockLevel == NONE) holders.remove(o, h);
        run.forEach(Runnable::run);
        return result;
    }

    /** Called when an open closes: releases opens waiting for its break. */
    @Override
    public void onClose(Open o) {
        Holder h = holders.remove(o);
        if (h == null) return;
        List<Runnable> run;
        synchronized (h) {
            run = resolve(h);
        }
        run.forEach(Runnable::run);
    }

    private void timeout(Holder h) {
        List<Runnable> run;
        synchronized (h) {
            if (h.breakingTo < 0) return;
            log.info("oplock break of {} not acknowledged in {} ms", h.open.path(), BREAK_TIMEOUT_MS);
            h.open.oplockLevel = h.breakingTo;
            run = resolve(h);
        }
        if (h.owner != null) persist(List.of(h.open));
        run.forEach(Runnable::run);
    }

    private List<Runnable> resolve(Holder h) {
        h.breakingTo = -1;
        if (h.timeout != null) h.timeout.cancel(false);
        h.timeout = null;
        List<Runnable> run = new ArrayList<>(h.onResolved);
        h.onResolved.clear();
        return run;
    }

    /** Sends the break notification through the server's one break sender (the holder's connection or another channel). */
    private void send(Holder h, int level) {
        log.debug("oplock break {} to {}", h.open.path(), level);
        Open o = h.open;
        server.breaks().oplockBreak(o, h.owner, new OplockBreakNotification(level, new FileId(o.persistentId, o.volatileId)));
    }
}
