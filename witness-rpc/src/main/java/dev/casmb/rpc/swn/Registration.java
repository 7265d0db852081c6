package dev.casmb.rpc.swn;

import dev.casmb.rpc.assoc.ContextHandleTable;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One witness registration (MS-SWN §3.1.1 WitnessRegistration). Mutable state guarded by the owning
 * {@link WitnessService}'s lock.
 */
final class Registration implements ContextHandleTable.HandleState {
    /** Bound on queued RESOURCE_CHANGE entries; older ones are dropped. */
    static final int MAX_PENDING_CHANGES = 32;
    /** Bound on concurrently pending AsyncNotify calls for one registration. */
    static final int MAX_WAITERS = 4;

    /** A pending AsyncNotify call and its keep-alive deadline. */
    record Waiter(CompletableFuture<byte[]> future, long deadlineMillis) {
    }

    final UUID id;
    final int version;
    final String netName;
    final String shareName;
    final String ipAddress;
    final InetAddress ip;
    final String clientName;
    final int flags;
    final long keepAliveMillis;
    final ContextHandleTable owner;
    /** The client's IP address (the RPC connection's remote address), or null if unknown. */
    final InetAddress clientAddress;
    final WitnessService service;

    long lastUseMillis;
    long forceUnregisterAtMillis = Long.MAX_VALUE;
    boolean removed;
    final List<ResourceChange> changes = new ArrayList<>();
    List<IpAddrInfo> move;
    List<IpAddrInfo> shareMove;
    List<IpAddrInfo> ipChange;
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    Registration(WitnessService service, ContextHandleTable owner, UUID id, int version, String netName,
            String shareName, String ipAddress, InetAddress ip, String clientName, int flags, long keepAliveMillis,
            long now, InetAddress clientAddress) {
        this.service = service;
        this.clientAddress = clientAddress;
        this.owner = owner;
        this.id = id;
        this.version = version;
        this.netName = netName;
        this.shareName = shareName;
        this.ipAddress = ipAddress;
        this.ip = ip;
        this.clientName = clientName;
        this.flags = flags;
        this.keepAliveMillis = keepAliveMillis;
        this.lastUseMillis = now;
    }

    boolean isV2() {
        return version == WitnessConstants.WITNESS_V2;
    }

    boolean ipNotificationRequired() {
        return isV2() && (flags & WitnessConstants.REGISTER_IP_NOTIFICATION) != 0;
    }

    boolean hasPending() {
        return !changes.isEmpty() || move != null || shareMove != null || ipChange != null;
    }

    void addChange(ResourceChange c) {
        if (changes.size() >= MAX_PENDING_CHANGES) {
            changes.remove(0);
        }
        changes.add(c);
    }

    /** Takes the highest-priority pending notification (§3.1.4.4; one MessageType per response). */
    Notification takeNotification() {
        if (!changes.isEmpty()) {
            Notification n = NotificationCodec.resourceChanges(List.copyOf(changes));
            changes.clear();
            return n;
        }
        if (move != null) {
            Notification n = NotificationCodec.ipAddrList(WitnessConstants.CLIENT_MOVE, move);
            move = null;
            return n;
        }
        if (shareMove != null) {
            Notification n = NotificationCodec.ipAddrList(WitnessConstants.SHARE_MOVE, shareMove);
            shareMove = null;
            return n;
        }
        if (ipChange != null) {
            Notification n = NotificationCodec.ipAddrList(WitnessConstants.IP_CHANGE, ipChange);
            ipChange = null;
            return n;
        }
        return null;
    }

    /** Context handle rundown: the association died ([MS-SWN] §3.1.6.5). */
    @Override
    public void rundown() {
        service.rundown(this);
    }
}
