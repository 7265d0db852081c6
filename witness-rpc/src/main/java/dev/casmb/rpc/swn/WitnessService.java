package dev.casmb.rpc.swn;

import dev.casmb.rpc.RpcCallContext;
import dev.casmb.rpc.RpcFault;
import dev.casmb.rpc.RpcInterface;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.assoc.ContextHandleTable;
import dev.casmb.rpc.auth.AuthLevel;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.SyntaxId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MS-SWN Witness server ccd8c074-d0e5-4a40-92b4-d074faa6ba28 v1.1 (§3.1): GetInterfaceList, Register,
 * UnRegister, AsyncNotify, RegisterEx, plus the keep-alive and unused-registration timers (§3.1.5) and the
 * local-event inputs of {@link WitnessEvents} (§3.1.6). Registrations are context handles of the caller's
 * association group, so they die with it. Thread-safe; never blocks.
 */
public final class WitnessService implements RpcInterface, WitnessEvents, AutoCloseable {
    public static final SyntaxId SYNTAX =
            new SyntaxId(UUID.fromString("ccd8c074-d0e5-4a40-92b4-d074faa6ba28"), 1, 1);

    private final WitnessTopology topology;
    private final WitnessConfig config;
    private final LongSupplier clock;
    private static final Logger LOG = LoggerFactory.getLogger(WitnessService.class);
    private static final long LIMIT_LOG_INTERVAL_MILLIS = 10_000;

    private final Map<UUID, Registration> registrations = new HashMap<>();
    /** Registrations per client IP address (guarded by this). */
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private final AtomicLong refusedNodeLimit = new AtomicLong();
    private final AtomicLong refusedClientLimit = new AtomicLong();
    private long lastLimitLogMillis = Long.MIN_VALUE;
    private final ScheduledFuture<?> ticker;

    /**
     * @param scheduler runs the periodic timer check (never blocks); may be shared
     * @param clock milliseconds clock (System::currentTimeMillis in production)
     */
    public WitnessService(WitnessTopology topology, WitnessConfig config, ScheduledExecutorService scheduler,
            LongSupplier clock) {
        this.topology = topology;
        this.config = config;
        this.clock = clock;
        long tick = Math.max(10, config.tick().toMillis());
        this.ticker = scheduler == null ? null
                : scheduler.scheduleAtFixedRate(this::runTimers, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    @Override
    public int minAuthLevel() {
        // [MS-SWN] §7 <3>: below integrity -> ERROR_ACCESS_DENIED. PKT level also signs every PDU.
        return config.requireIntegrity() ? AuthLevel.PKT : AuthLevel.NONE;
    }

    @Override
    public CompletableFuture<byte[]> invoke(int opnum, byte[] stub, RpcCallContext ctx) {
        NdrReader r = new NdrReader(stub);
        return switch (opnum) {
            case WitnessConstants.OP_GET_INTERFACE_LIST -> done(getInterfaceList());
            case WitnessConstants.OP_REGISTER -> done(register(r, false, ctx));
            case WitnessConstants.OP_UNREGISTER -> done(unregister(ContextHandle.read(r), ctx));
            case WitnessConstants.OP_ASYNC_NOTIFY -> asyncNotify(ContextHandle.read(r), ctx);
            case WitnessConstants.OP_REGISTER_EX -> done(register(r, true, ctx));
            default -> throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR); // incl. UnRegisterEx (5), like WS2022
        };
    }

    private static CompletableFuture<byte[]> done(byte[] b) {
        return CompletableFuture.completedFuture(b);
    }

    // ------------------------------------------------------------------ opnum 0

    /** WitnessrGetInterfaceList (§3.1.4.1). */
    byte[] getInterfaceList() {
        List<WitnessInterface> ifaces = topology.interfaces();
        NdrWriter w = new NdrWriter();
        if (ifaces.isEmpty()) {
            return w.nullPointer().u32(WitnessConstants.ERROR_NO_MORE_ITEMS).toByteArray();
        }
        w.referent();
        w.u32(ifaces.size());
        w.referent();
        w.u32(ifaces.size());
        for (WitnessInterface i : ifaces) {
            encodeInterfaceInfo(w, i, config.serviceVersion());
        }
        w.u32(WitnessConstants.ERROR_SUCCESS);
        return w.toByteArray();
    }

    /** WITNESS_INTERFACE_INFO, 552 bytes (§2.2.2.5); IP fields in network byte order. */
    static void encodeInterfaceInfo(NdrWriter w, WitnessInterface i, int version) {
        byte[] name = new byte[520];
        String g = i.groupName().length() > 259 ? i.groupName().substring(0, 259) : i.groupName();
        byte[] gb = g.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        System.arraycopy(gb, 0, name, 0, gb.length);
        w.bytes(name);
        w.u32(version);
        w.u16(i.state());
        w.align(4);
        w.bytes(i.ipv4() == null ? new byte[4] : i.ipv4().getAddress());
        w.bytes(i.ipv6() == null ? new byte[16] : i.ipv6().getAddress());
        int flags = (i.ipv4() != null ? WitnessConstants.INFO_IPV4_VALID : 0)
                | (i.ipv6() != null ? WitnessConstants.INFO_IPV6_VALID : 0)
                | (i.hostedLocally() ? 0 : WitnessConstants.INFO_WITNESS_IF);
        w.u32(flags);
    }

    // ------------------------------------------------------------------ opnums 1 and 4

    /** WitnessrRegister (§3.1.4.2) / WitnessrRegisterEx (§3.1.4.5). */
    byte[] register(NdrReader r, boolean ex, RpcCallContext ctx) {
        int version = r.u32();
        String netName = r.uniqueWString();
        String shareName = ex ? r.uniqueWString() : null;
        String ipAddress = r.uniqueWString();
        String client = r.uniqueWString();
        int flags = ex ? r.u32() : 0;
        long keepAlive = ex ? Integer.toUnsignedLong(r.u32()) : 0;

        int status = checkRegistration(ex, version, netName, shareName, ipAddress, client);
        if (status != WitnessConstants.ERROR_SUCCESS) {
            return handleResponse(ContextHandle.NULL, status);
        }
        ContextHandleTable handles = ctx.association().handles();
        long now = clock.getAsLong();
        UUID id = UUID.randomUUID();
        InetAddress from = ctx.transport() != null && ctx.transport().remote() != null
                ? ctx.transport().remote().getAddress() : null;
        Registration reg = new Registration(this, handles, id, version, netName, shareName, ipAddress,
                IpLiterals.parse(ipAddress), client, flags, keepAlive * 1000, now, from);
        synchronized (this) {
            if (registrations.size() >= config.maxRegistrations()) {
                refused(refusedNodeLimit, now, "node has " + registrations.size()
                        + " registrations (maxRegistrations), refusing client '" + client + "' from " + addr(from));
                return handleResponse(ContextHandle.NULL, WitnessConstants.ERROR_NO_SYSTEM_RESOURCES);
            }
            int mine = from == null ? 0 : perClient.getOrDefault(from, 0);
            if (mine >= config.maxRegistrationsPerClient()) {
                refused(refusedClientLimit, now, addr(from) + " (client '" + client + "') already has " + mine
                        + " registrations (maxRegistrationsPerClient)");
                return handleResponse(ContextHandle.NULL, WitnessConstants.ERROR_NO_SYSTEM_RESOURCES);
            }
            ContextHandle h = handles.put(id, reg);
            if (h == null) {
                return handleResponse(ContextHandle.NULL, WitnessConstants.ERROR_NO_SYSTEM_RESOURCES);
            }
            registrations.put(id, reg);
            if (from != null) {
                perClient.merge(from, 1, Integer::sum);
            }
            return handleResponse(h, WitnessConstants.ERROR_SUCCESS);
        }
    }

    private static String addr(InetAddress a) {
        return a == null ? "(unknown address)" : a.getHostAddress();
    }

    /** Counts a refused registration and logs it at WARN, at most once per 10 s (caller holds the lock). */
    private void refused(AtomicLong counter, long now, String detail) {
        long n = counter.incrementAndGet();
        if (lastLimitLogMillis == Long.MIN_VALUE || now - lastLimitLogMillis >= LIMIT_LOG_INTERVAL_MILLIS) {
            lastLimitLogMillis = now;
            LOG.warn("witness registration limit: {} ({} refused so far: {} by maxRegistrations, {} by "
                    + "maxRegistrationsPerClient)", detail, refusedNodeLimit.get() + refusedClientLimit.get(),
                    refusedNodeLimit.get(), refusedClientLimit.get());
        }
    }

    /** Registrations refused by maxRegistrations ({@code node}) and by maxRegistrationsPerClient ({@code client}). */
    public Map<String, Long> limitCounters() {
        return Map.of("node", refusedNodeLimit.get(), "client", refusedClientLimit.get());
    }

    /** Registrations currently held by a client address. */
    public synchronized int registrationsFrom(InetAddress client) {
        return perClient.getOrDefault(client, 0);
    }

    private int checkRegistration(boolean ex, int version, String netName, String shareName, String ipAddress,
            String client) {
        if (version != (ex ? WitnessConstants.WITNESS_V2 : WitnessConstants.WITNESS_V1)) {
            return WitnessConstants.ERROR_REVISION_MISMATCH;
        }
        if (netName == null || ipAddress == null || client == null) {
            return WitnessConstants.ERROR_INVALID_PARAMETER;
        }
        if (!topology.isServerName(netName)) {
            return WitnessConstants.ERROR_INVALID_PARAMETER;
        }
        InetAddress ip = IpLiterals.parse(ipAddress);
        if (ip == null || !isKnownInterface(ip)) {
            return WitnessConstants.ERROR_INVALID_STATE;
        }
        if (shareName != null && !topology.isShare(shareName)) {
            return WitnessConstants.ERROR_INVALID_STATE;
        }
        return WitnessConstants.ERROR_SUCCESS;
    }

    private boolean isKnownInterface(InetAddress ip) {
        for (WitnessInterface i : topology.interfaces()) {
            if (ip.equals(i.ipv4()) || ip.equals(i.ipv6())) {
                return true;
            }
        }
        return false;
    }

    private static byte[] handleResponse(ContextHandle h, int status) {
        NdrWriter w = new NdrWriter();
        h.write(w);
        return w.u32(status).toByteArray();
    }

    // ------------------------------------------------------------------ opnum 2

    /** WitnessrUnRegister (§3.1.4.3); unknown handle -> ERROR_INVALID_PARAMETER like Windows 2012R2+ (<4>). */
    byte[] unregister(ContextHandle h, RpcCallContext ctx) {
        Registration reg = lookup(h, ctx);
        if (reg == null) {
            return new NdrWriter().u32(WitnessConstants.ERROR_INVALID_PARAMETER).toByteArray();
        }
        remove(reg);
        return new NdrWriter().u32(WitnessConstants.ERROR_SUCCESS).toByteArray();
    }

    private Registration lookup(ContextHandle h, RpcCallContext ctx) {
        ContextHandleTable.HandleState s = ctx.association().handles().get(h);
        return s instanceof Registration reg && reg.service == this ? reg : null;
    }

    // ------------------------------------------------------------------ opnum 3

    /** WitnessrAsyncNotify (§3.1.4.4): completes when a notification is pending, on keep-alive or on removal. */
    CompletableFuture<byte[]> asyncNotify(ContextHandle h, RpcCallContext ctx) {
        Registration reg = lookup(h, ctx);
        if (reg == null) {
            return done(NotificationCodec.asyncNotifyError(WitnessConstants.ERROR_NOT_FOUND));
        }
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        synchronized (this) {
            if (reg.removed) {
                return done(NotificationCodec.asyncNotifyError(WitnessConstants.ERROR_NOT_FOUND));
            }
            long now = clock.getAsLong();
            reg.lastUseMillis = now;
            if (reg.waiters.isEmpty() && reg.hasPending()) {
                return done(deliverLocked(reg, now));
            }
            if (reg.waiters.size() >= Registration.MAX_WAITERS) {
                return done(NotificationCodec.asyncNotifyError(WitnessConstants.ERROR_NO_SYSTEM_RESOURCES));
            }
            long deadline = reg.isV2() ? now + reg.keepAliveMillis : Long.MAX_VALUE;
            reg.waiters.add(new Registration.Waiter(f, deadline));
        }
        // co_cancel / orphaned / disconnect cancel the future: forget the waiter.
        f.whenComplete((v, ex) -> {
            if (ex != null) {
                synchronized (this) {
                    reg.waiters.removeIf(w -> w.future() == f);
                    reg.lastUseMillis = clock.getAsLong();
                }
            }
        });
        return f;
    }

    /** Builds the response for the next pending notification; caller holds the lock. */
    private byte[] deliverLocked(Registration reg, long now) {
        boolean away = movesAway(reg);
        Notification n = reg.takeNotification();
        reg.lastUseMillis = now;
        if (config.forcedUnregisterDelay() != null && away) {
            reg.forceUnregisterAtMillis = Math.min(reg.forceUnregisterAtMillis,
                    now + config.forcedUnregisterDelay().toMillis());
        }
        return NotificationCodec.asyncNotifyResponse(n);
    }

    /**
     * Whether the next notification tells the client to leave this witness registration: UNAVAILABLE, or any
     * CLIENT_MOVE / SHARE_MOVE (in a pair the moved address ends up on the node whose witness the client uses,
     * so it must register again with the other node's). Samba then drops the registration a few seconds later
     * so that the client re-registers.
     */
    private static boolean movesAway(Registration reg) {
        if (!reg.changes.isEmpty()) {
            return reg.changes.stream().anyMatch(c -> c.changeType() == WitnessConstants.RESOURCE_STATE_UNAVAILABLE);
        }
        return reg.move != null || reg.shareMove != null;
    }

    /** Completes one waiter per registration that has something pending. Call without holding the lock. */
    private void pump(List<Registration> regs) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Registration reg : regs) {
                while (!reg.waiters.isEmpty() && reg.hasPending()) {
                    Registration.Waiter w = reg.waiters.poll();
                    if (w.future().isDone()) {
                        continue;
                    }
                    byte[] resp = deliverLocked(reg, now);
                    completions.add(() -> w.future().complete(resp));
                }
            }
        }
        completions.forEach(Runnable::run);
    }

    // ------------------------------------------------------------------ removal and timers

    private void remove(Registration reg) {
        List<Registration.Waiter> waiters;
        synchronized (this) {
            if (reg.removed) {
                return;
            }
            reg.removed = true;
            registrations.remove(reg.id);
            if (reg.clientAddress != null) {
                perClient.computeIfPresent(reg.clientAddress, (k, v) -> v <= 1 ? null : v - 1);
            }
            waiters = new ArrayList<>(reg.waiters);
            reg.waiters.clear();
        }
        reg.owner.remove(new ContextHandle(0, reg.id));
        byte[] notFound = NotificationCodec.asyncNotifyError(WitnessConstants.ERROR_NOT_FOUND);
        for (Registration.Waiter w : waiters) {
            w.future().complete(notFound);
        }
    }

    void rundown(Registration reg) {
        remove(reg);
    }

    /** Timer tick (§3.1.5): keep-alive expiry -> ERROR_TIMEOUT, unused v2 registrations and forced unregisters. */
    public void runTimers() {
        long now = clock.getAsLong();
        List<Runnable> actions = new ArrayList<>();
        byte[] timeout = NotificationCodec.asyncNotifyError(WitnessConstants.ERROR_TIMEOUT);
        synchronized (this) {
            for (Registration reg : registrations.values()) {
                if (reg.forceUnregisterAtMillis <= now) {
                    actions.add(() -> remove(reg));
                    continue;
                }
                boolean expired = false;
                for (var it = reg.waiters.iterator(); it.hasNext();) {
                    Registration.Waiter w = it.next();
                    if (w.deadlineMillis() <= now) {
                        it.remove();
                        expired = true;
                        actions.add(() -> w.future().complete(timeout));
                    }
                }
                if (expired) {
                    reg.lastUseMillis = now;
                }
                if (reg.isV2() && reg.waiters.isEmpty()
                        && reg.lastUseMillis + config.unusedRegistrationTimeout().toMillis() <= now) {
                    actions.add(() -> remove(reg));
                }
            }
        }
        actions.forEach(Runnable::run);
    }

    public synchronized int registrationCount() {
        return registrations.size();
    }

    /** The current registrations (for `vserver cifs witness show`). */
    public synchronized List<RegistrationInfo> registrations() {
        List<RegistrationInfo> out = new ArrayList<>();
        for (Registration r : registrations.values()) {
            out.add(new RegistrationInfo(r.id.toString(), r.version, r.clientName, r.netName, r.ipAddress, r.shareName,
                java.time.Instant.ofEpochMilli(r.lastUseMillis)));
        }
        return out;
    }

    // ------------------------------------------------------------------ WitnessEvents (§3.1.6)

    private List<Registration> matching(java.util.function.Predicate<Registration> p) {
        List<Registration> out = new ArrayList<>();
        synchronized (this) {
            for (Registration r : registrations.values()) {
                if (p.test(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Override
    public void resourceChange(InetAddress ip, boolean available) {
        int type = available ? WitnessConstants.RESOURCE_STATE_AVAILABLE : WitnessConstants.RESOURCE_STATE_UNAVAILABLE;
        List<Registration> hit = matching(r -> ip.equals(r.ip));
        synchronized (this) {
            hit.forEach(r -> r.addChange(new ResourceChange(r.ipAddress, type)));
        }
        pump(hit);
    }

    @Override
    public void clientMove(InetAddress registeredIp, List<IpAddrInfo> destinations) {
        List<Registration> hit = matching(r -> registeredIp.equals(r.ip));
        synchronized (this) {
            hit.forEach(r -> r.move = List.copyOf(destinations));
        }
        pump(hit);
    }

    @Override
    public void clientMoveByName(String clientComputerName, List<IpAddrInfo> destinations) {
        List<Registration> hit = matching(r -> r.clientName.equalsIgnoreCase(clientComputerName));
        synchronized (this) {
            hit.forEach(r -> r.move = List.copyOf(destinations));
        }
        pump(hit);
    }

    @Override
    public void shareMove(String shareName, List<IpAddrInfo> destinations) {
        List<Registration> hit = matching(r -> r.isV2() && r.shareName != null && r.shareName.equalsIgnoreCase(shareName));
        synchronized (this) {
            hit.forEach(r -> r.shareMove = List.copyOf(destinations));
        }
        pump(hit);
    }

    @Override
    public void ipChange(List<IpAddrInfo> changes) {
        List<Registration> hit = matching(Registration::ipNotificationRequired);
        synchronized (this) {
            hit.forEach(r -> r.ipChange = List.copyOf(changes));
        }
        pump(hit);
    }

    @Override
    public void forceUnregister(InetAddress registeredIp) {
        matching(r -> registeredIp.equals(r.ip)).forEach(this::remove);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }
}
