package dev.casmb.smb;

import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.ipc.NamedPipeService;
import dev.casmb.smb.lease.BreakSender;
import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.lease.Oplocks;
import dev.casmb.smb.notify.Notifications;
import dev.casmb.smb.state.ByteRangeLocks;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenLifecycleListener;
import dev.casmb.smb.state.OpenTable;
import dev.casmb.smb.state.ServerGuid;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.state.TreeConnect;
import dev.casmb.smb.vfs.Share;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-wide state shared by every connection: config, shares, users, the open table, and the per-server tables of
 * leases, oplocks and change notifications (nothing of it is JVM-global: two servers in one JVM are independent).
 * Components that keep state about opens register as {@link OpenLifecycleListener}s; every close, disconnect and
 * reclaim goes through the loops here. {@link #close()} stops the server's timers.
 */
public final class ServerContext implements AutoCloseable, dev.casmb.smb.lease.OplockHost, dev.casmb.smb.durable.DurableHost {
    private static final Logger log = LoggerFactory.getLogger(ServerContext.class);

    private final ServerConfig config;
    private final UserDatabase users;
    private final Map<String, Share> shares = new ConcurrentHashMap<>();
    private final OpenTable opens = new OpenTable();
    private final byte[] serverGuid;
    private final long startTime = System.currentTimeMillis();
    private final Map<SmbConnection, Boolean> connections = new ConcurrentHashMap<>();
    /** GlobalSessionTable (MS-SMB2 3.3.1.5): every session by SessionId, whatever its channels. */
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private volatile NamedPipeService pipes = NamedPipeService.NONE;
    private volatile boolean witnessEnabled;
    private volatile java.util.function.BooleanSupplier admission = () -> true;
    private volatile java.util.function.Predicate<String> pendingShares = n -> false;
    private volatile java.util.function.Predicate<String> mutationGuard = n -> true;
    private final dev.casmb.smb.limits.LimitMetrics limitMetrics = new dev.casmb.smb.limits.LimitMetrics();
    private final dev.casmb.smb.durable.DurableHandles durable = new dev.casmb.smb.durable.DurableHandles(this);
    private final Leases leases = new Leases(this);
    private final Oplocks oplocks = new Oplocks(this);
    private final Notifications notifications = new Notifications(this::vfsOf);
    private final BreakSender breaks = new BreakSender(connections);
    /** Called in this order for every open that closes, disconnects or is reclaimed. */
    private final List<OpenLifecycleListener> openListeners = new CopyOnWriteArrayList<>();
    /** Break acknowledgement timeouts of leases and oplocks; started on first use, stopped by {@link #close()}. */
    private ScheduledExecutorService breakTimer;
    private ScheduledExecutorService leaseTimer;
    private boolean closed;

    public ServerContext(ServerConfig config, UserDatabase users) throws IOException {
        this.config = config;
        this.users = users;
        this.serverGuid = ServerGuid.toBytes(UUID.nameUUIDFromBytes(("casmb:" + config.netbiosName()).getBytes()));
        // byte-range locks first (a blocked LOCK of the closing open completes with RANGE_NOT_LOCKED, others' retry),
        // leases before oplocks (an open's lease is left before waiting opens are released), notifications last:
        // the order the close path called them in by hand
        addOpenListener(ByteRangeLocks.RELEASE_ON_CLOSE);
        addOpenListener(leases);
        addOpenListener(oplocks);
        addOpenListener(notifications);
        for (ShareConfig sc : config.shares()) addShare(sc);
    }

    /** This server's lease table (MS-SMB2 3.3.1.4 LeaseTable). */
    public Leases leases() { return leases; }
    /** This server's oplock holders and their breaks. */
    public Oplocks oplocks() { return oplocks; }
    /** This server's change-notify watches. */
    public Notifications notifications() { return notifications; }
    /** Sends this server's oplock and lease break notifications. */
    public BreakSender breaks() { return breaks; }

    /** Registers a component to hear of every open's close, abandonment, disconnect and reclaim, after those before it. */
    public void addOpenListener(OpenLifecycleListener l) {
        openListeners.add(l);
    }

    /** A disconnected durable or persistent open is kept for reclaim: every listener hears it. */
    public void openDisconnected(Open o) {
        for (OpenLifecycleListener l : openListeners) l.onDisconnect(o);
    }

    /** A disconnected open was reclaimed on {@code d}'s connection: breaks now go there. */
    public void openReattached(Open o, SmbConnection d) {
        for (OpenLifecycleListener l : openListeners) l.onReattach(o, d);
    }

    /** Runs {@code r} after {@code delayMs} on this server's oplock break timer (started on first use); null once closed. */
    @Override
    public ScheduledFuture<?> schedule(Runnable r, long delayMs) {
        return schedule(r, delayMs, false);
    }

    /** Lease break timeouts have a timer thread of their own ({@link OplockHost#scheduleLeaseTimeout}). */
    @Override
    public ScheduledFuture<?> scheduleLeaseTimeout(Runnable r, long delayMs) {
        return schedule(r, delayMs, true);
    }

    private ScheduledFuture<?> schedule(Runnable r, long delayMs, boolean lease) {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) return null; // stopped: nothing times out any more (callers treat null as "no timer")
            if (lease ? leaseTimer == null : breakTimer == null) {
                String name = (lease ? "lease-timer-" : "break-timer-") + config.netbiosName();
                ScheduledExecutorService made = Executors.newSingleThreadScheduledExecutor(x -> {
                    Thread th = new Thread(x, name);
                    th.setDaemon(true);
                    return th;
                });
                if (lease) leaseTimer = made; else breakTimer = made;
            }
            t = lease ? leaseTimer : breakTimer;
        }
        return t.schedule(r, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Stops this server's timers (break timeouts, durable expiries). Opens are not closed: the store keeps them. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        ScheduledExecutorService lt;
        synchronized (this) {
            closed = true;
            t = breakTimer;
            lt = leaseTimer;
            breakTimer = null;
            leaseTimer = null;
        }
        if (t != null) t.shutdownNow();
        if (lt != null) lt.shutdownNow();
        durable.shutdown();
    }

    public ServerConfig config() { return config; }
    public UserDatabase users() { return users; }
    public OpenTable opens() { return opens; }
    public byte[] serverGuid() { return serverGuid.clone(); }
    public long startTime() { return startTime; }
    public Map<SmbConnection, Boolean> connections() { return connections; }
    /** The global session table; a session is in it from its first SESSION_SETUP until it ends. */
    public Map<Long, Session> sessions() { return sessions; }
    public Session session(long sessionId) { return sessions.get(sessionId); }
    public NamedPipeService pipes() { return pipes; }
    public dev.casmb.smb.durable.DurableHandles durable() { return durable; }
    /** Resource-limit counters (connections refused, timeouts, requests refused ...). */
    public dev.casmb.smb.limits.LimitMetrics limitMetrics() { return limitMetrics; }
    public dev.casmb.smb.config.ResourceLimits limits() { return config.limits(); }
    /** A witness serves this server's shares: CA shares then also announce SHARE_CAP_CLUSTER. */
    public boolean witnessEnabled() { return witnessEnabled; }

    /**
     * Whether this node may act on requests right now (the HA layer's quorum lease). Checked for every
     * frame, so that a node resuming from a freeze longer than its lease cannot process a request
     * before its failover controller has noticed and fenced it.
     */
    public boolean admitting() { return admission.getAsBoolean(); }
    public void setAdmission(java.util.function.BooleanSupplier a) { this.admission = a == null ? () -> true : a; }
    public void setWitnessEnabled(boolean b) { this.witnessEnabled = b; }
    public void setPipes(NamedPipeService p) { this.pipes = p == null ? NamedPipeService.NONE : p; }

    public NtlmServerConfig ntlmConfig() {
        String nb = config.netbiosName().toUpperCase(Locale.ROOT);
        return new NtlmServerConfig(config.domain().toUpperCase(Locale.ROOT), nb, "", nb.toLowerCase(Locale.ROOT),
            config.allowGuest());
    }

    /** Serves a share, or replaces the one of the same name (trees already connected keep the one they had). */
    public void addShare(ShareConfig sc) throws IOException {
        publishShare(stageShare(sc));
    }

    /**
     * A share made ready to be served but not yet visible to clients: its persistent handles are reloaded
     * ({@link dev.casmb.smb.durable.DurableHandles#restore(java.util.Collection)}) before {@link #publishShare}
     * lets a TREE_CONNECT or CREATE reach it.
     */
    public Share stageShare(ShareConfig sc) throws IOException {
        return new Share(sc, dev.casmb.smb.vfs.local.LocalVfs.create(sc.path()));
    }

    /** Serves a share made by {@link #stageShare}. */
    public void publishShare(Share share) {
        shares.put(share.name().toLowerCase(Locale.ROOT), share);
    }

    public boolean removeShare(String name) {
        return shares.remove(name.toLowerCase(Locale.ROOT)) != null;
    }

    /**
     * The MaximalAccess of the session's user on a disk share (0: may not connect), evaluated afresh on
     * every call so that a re-authenticated session is judged as its current user.
     */
    public int shareAccess(Share share, Session s) {
        if (s == null || s.anonymous || s.user == null || s.user.isEmpty()) return 0;
        return share.maximalAccess(s.user, config.groupsOf(s.user));
    }

    public Share share(String name) {
        return shares.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Shares that may start being served here at any moment (their aggregate is in the pair). During a
     * takeover a client can reconnect a few milliseconds before the share is online: TREE_CONNECT then
     * waits briefly instead of failing with BAD_NETWORK_NAME.
     */
    public void setPendingShares(java.util.function.Predicate<String> p) {
        this.pendingShares = p == null ? n -> false : p;
    }

    public Share awaitShare(String name, long maxMs) throws InterruptedException {
        Share s = share(name);
        if (s != null || !pendingShares.test(name)) return s;
        long end = System.nanoTime() + maxMs * 1_000_000L;
        while (s == null && System.nanoTime() < end) {
            Thread.sleep(20);
            s = share(name);
        }
        return s;
    }

    public java.util.Collection<Share> shares() { return shares.values(); }

    /**
     * Closes an open for good, as best it can: if a persistent open cannot leave the handle store (quorum lost,
     * ownership moved), it is not closed but kept, disconnected, for reclaim or a later expiry, and the failure
     * logged: nothing the store still holds is released here.
     */
    public void closeOpen(Open o) {
        try {
            closeOpenDurably(o);
        } catch (IOException e) {
            log.error("could not remove persistent handle {} ({}) from the handle store: {}; keeping it", o.persistentId,
                o.smbPath, e.toString());
            if (o.session != null) durable.disconnect(o);
        }
    }

    /**
     * Closes an open: a persistent one leaves the handle store first (durable before anything is released, so that
     * a CLOSE is acknowledged only once no node can reload the handle); then file channel closed, the open
     * unregistered, delete-on-close applied (only while this node may change the share's data, {@link #mayMutate}),
     * and the registered {@link OpenLifecycleListener}s told: byte-range locks released, lease and oplock left
     * (waiting CREATEs retry), change-notify watch cleaned up. Throws
     * if the store could not remove the record; the open is then unchanged. Serialised per open with a reclaim
     * ({@link dev.casmb.smb.durable.DurableHandles#openRestored}): an expiry and a reclaim never both succeed.
     */
    public void closeOpenDurably(Open o) throws IOException {
        closeDurably(o, false);
    }

    /**
     * The expiry of a disconnected durable or persistent open: closes it as {@link #closeOpenDurably} does, but only if
     * it is still disconnected when its monitor is taken (a reclaim that got there first wins). False if it was not closed.
     */
    public boolean closeIfDisconnected(Open o) throws IOException {
        return closeDurably(o, true);
    }

    private boolean closeDurably(Open o, boolean onlyIfDisconnected) throws IOException {
        synchronized (o) {
            if (o.closed) return false;
            if (onlyIfDisconnected && (o.durable == null || !o.durable.isDisconnected())) return false;
            durable.removeFromStore(o);
            o.closed = true;
        }
        closeLocally(o);
        return true;
    }

    private void closeLocally(Open o) {
        Session owner = o.session;
        if (owner != null) owner.opens.remove(o.volatileId);
        // locks go before the open leaves the file's opens (as before the listeners): an open admitted next must not
        // meet locks of a handle already gone; the RELEASE_ON_CLOSE listener finds none left
        o.node.locks.releaseAll(o);
        try {
            if (o.channel != null) o.channel.close();
            if (o.pipe != null) o.pipe.close();
        } catch (IOException e) {
            log.debug("close {}: {}", o.path(), e.toString());
        }
        boolean deleteNow;
        synchronized (opens) {
            if (o.deleteOnClose) o.node.deletePending = true;
            opens.unregister(o);
            deleteNow = o.node.deletePending && o.node.opens.isEmpty();
        }
        if (deleteNow) {
            if (!mayMutate(o)) {
                log.warn("delete-on-close of {} not applied: this node may no longer change the data of share {}", o.path(),
                    shareOf(o));
            } else {
                dev.casmb.smb.vfs.Vfs vfs = vfsOf(o);
                try {
                    if (vfs == null) throw new IOException("share not served here");
                    vfs.delete(o.path());
                } catch (IOException e) {
                    log.info("delete-on-close of {} failed: {}", o.path(), e.toString());
                }
            }
        }
        durable.onClosed(o);
        // after unregister: waiting CREATEs retry against the new state
        for (OpenLifecycleListener l : openListeners) l.onClose(o);
    }

    /**
     * The data-fencing check (ownership token): whether this node may change the data of the open's share right now.
     * Made at the moment of a mutation that no client frame carries (delete-on-close applied by an expiry or a
     * disconnect, timers); client frames are checked by {@link #admitting} as they arrive.
     */
    public boolean mayMutate(Open o) {
        return mayMutate(shareOf(o));
    }

    /** {@link #mayMutate(Open)} for a share by name (null: IPC$, no data). */
    public boolean mayMutate(String share) {
        return admitting() && mutationGuard.test(share);
    }

    /** The Vfs of the open's share (also for a disconnected durable open); null for IPC$ or a share no longer served. */
    public dev.casmb.smb.vfs.Vfs vfsOf(Open o) {
        TreeConnect t = o.tree;
        if (t != null && t.share != null) return t.share.vfs();
        dev.casmb.smb.state.DurableState st = o.durable;
        Share s = st == null || st.share == null ? null : share(st.share);
        return s == null ? null : s.vfs();
    }

    /** The share an open belongs to, by name (null for IPC$). */
    private static String shareOf(Open o) {
        dev.casmb.smb.state.DurableState st = o.durable;
        if (st != null) return st.share;
        TreeConnect t = o.tree;
        return t != null && t.share != null ? t.share.name() : null;
    }

    /**
     * The HA layer's ownership check for a share's data (its aggregate owned here, with a valid quorum lease);
     * a single server owns all its shares.
     */
    public void setMutationGuard(java.util.function.Predicate<String> g) {
        this.mutationGuard = g == null ? n -> true : g;
    }

    /**
     * Stops serving a share here (takeover by the partner, giveback, aggregate relocation): every open on
     * it is dropped without touching the handle store (the new owner reclaims them), and connections with
     * a tree on it are reset so that clients reconnect where the share now is.
     */
    public int releaseShare(String name) {
        Share share = shares.remove(name.toLowerCase(Locale.ROOT));
        if (share == null) return 0;
        int dropped = 0;
        // by name, not identity: trees connected before a share was modified hold its previous Share object
        for (Open o : opens.all()) {
            TreeConnect t = o.tree;
            boolean onShare = (t != null && t.share != null && t.share.name().equalsIgnoreCase(name))
                || (o.durable != null && o.durable.share.equalsIgnoreCase(name));
            if (!onShare || o.closed) continue;
            abandonOpen(o);
            dropped++;
        }
        for (SmbConnection c : connections.keySet()) {
            boolean uses = c.sessions.values().stream().anyMatch(s -> s.trees.values().stream()
                .anyMatch(t -> t.share != null && t.share.name().equalsIgnoreCase(name)));
            if (uses) {
                try {
                    c.channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
                } catch (RuntimeException closedMeanwhile) {
                    // already closed by the client
                }
                c.channel.close();
            }
        }
        log.info("share {} no longer served here; {} open(s) handed over", name, dropped);
        return dropped;
    }

    /** Forgets an open without closing it in the store (ownership moved away). */
    public void abandonOpen(Open o) {
        if (o.closed) return;
        o.closed = true;
        Session owner = o.session;
        if (owner != null) owner.opens.remove(o.volatileId);
        o.node.locks.releaseAll(o);
        try {
            if (o.channel != null) o.channel.close();
        } catch (IOException e) {
            log.debug("close {}: {}", o.path(), e.toString());
        }
        synchronized (opens) {
            opens.unregister(o);
        }
        durable.forget(o);
        // out of this node's lease and oplock tables too: a later takeover or giveback rebuilds the lease from the
        // handle record, never from a stale object left here
        for (OpenLifecycleListener l : openListeners) l.onAbandon(o);
    }

    /**
     * Removes a session from the global table and from every channel's connection (LOGOFF, failed
     * re-authentication, PreviousSessionId): requests still naming it on any channel get
     * USER_SESSION_DELETED, signed with its key.
     */
    public void forgetSession(Session s) {
        sessions.remove(s.sessionId, s);
        for (dev.casmb.smb.state.Channel ch : s.channels.values()) {
            if (ch.connection.sessions.remove(s.sessionId, s)) ch.connection.loggedOff.put(s.sessionId, s);
        }
        // The channel list stays: the LOGOFF response and later USER_SESSION_DELETED errors on each
        // connection are signed with that channel's key.
    }

    /**
     * A connection is gone: it leaves the channel list of each of its sessions (MS-SMB2 3.3.7.1). A
     * session with another established channel lives on; one without is disconnected (durable opens
     * kept for reclaim, the others closed).
     */
    public void connectionClosed(SmbConnection c) {
        for (Session s : c.sessions.values()) {
            s.channels.remove(c);
            if (s.state == Session.State.VALID && s.otherLiveChannel(c) != null) {
                log.debug("session {} lost channel {}; {} channel(s) left", Long.toHexString(s.sessionId), c.remote(),
                    s.channels.size());
                continue;
            }
            sessions.remove(s.sessionId, s);
            for (dev.casmb.smb.state.Channel ch : s.channels.values()) ch.connection.sessions.remove(s.sessionId, s);
            s.channels.clear();
            disconnectSession(s);
        }
        c.sessions.clear();
    }

    /** Tears down a session (LOGOFF): all its opens closed, durable ones too, trees dropped. */
    public void closeSession(Session s) {
        s.state = Session.State.EXPIRED;
        for (Open o : s.opens.values()) closeOpen(o);
        s.trees.clear();
    }

    /**
     * The session's transport is gone, or a reconnect named it as PreviousSessionId (MS-SMB2 3.3.7.1):
     * durable and persistent opens are kept for reclaim, the others closed.
     */
    public void disconnectSession(Session s) {
        s.state = Session.State.EXPIRED;
        for (Open o : s.opens.values()) {
            if (!durable.disconnect(o)) closeOpen(o);
        }
        s.trees.clear();
    }
}
