package dev.casmb.smb.open;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.durable.DurableHandles;
import dev.casmb.smb.durable.DurableRequest;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.DurableContexts;
import dev.casmb.smb.state.DurableState;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.state.TreeConnect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CREATE-time steps for durability, kept out of the generic CREATE path. */
public final class DurableCreate {
    private static final Logger log = LoggerFactory.getLogger(DurableCreate.class);
    public static final int OPLOCK_BATCH = 0x09;
    private static final int CAP_PERSISTENT_HANDLES = 0x10;

    private DurableCreate() {}

    /**
     * MS-SMB2 3.3.5.9.10: a DH2Q whose CreateGuid names an open of the same client made by an earlier
     * DH2Q (the replay cache, durable or not) is a replay if SMB2_FLAGS_REPLAY_OPERATION is set: the
     * existing open is returned, not a new one. Without the flag it is STATUS_DUPLICATE_OBJECTID. A replay
     * while the original CREATE is still being processed (waiting for a break) gets
     * STATUS_FILE_NOT_AVAILABLE, so that the client retries once the original has an outcome (Samba; Windows
     * does not detect that case). A replay asking for a lease needs the open's own lease key
     * (STATUS_ACCESS_DENIED otherwise).
     */
    public static Open replay(SmbRequest req, DurableRequest dr, LeaseContext lr) throws SmbException {
        if (dr.kind() != DurableRequest.Kind.V2_REQUEST || dr.createGuid() == null) return null;
        DurableHandles dh = req.server().durable();
        Object e = dh.replayEntry(req.connection().clientGuid, dr.createGuid());
        if (e instanceof DurableHandles.PendingCreate p) {
            if (p.owner() == req) return null; // our own CREATE, retried after a break
            if (!Arrays.equals(p.clientGuid(), req.connection().clientGuid)) return null;
            if (!req.header.isReplay()) throw new SmbException(NtStatus.DUPLICATE_OBJECTID, "CreateGuid in use");
            throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "replay of a CREATE still in progress");
        }
        Open prior = e instanceof Open o ? o : dh.byCreateGuid(dr.createGuid());
        if (prior == null || prior.closed) return null;
        // Outside the replay window only a disconnected (or restored) durable open can be replayed onto.
        if (e == null && (prior.durable == null || !prior.durable.isDisconnected())) return null;
        byte[] owner = prior.durable != null ? prior.durable.clientGuid : prior.clientGuid;
        if (!Arrays.equals(owner, req.connection().clientGuid)) return null;
        if (!req.header.isReplay()) throw new SmbException(NtStatus.DUPLICATE_OBJECTID, "CreateGuid already in use");
        if (lr != null && (prior.lease == null || !Arrays.equals(prior.lease.key, lr.key()))) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "replay asks for another lease");
        }
        if (prior.durable != null && prior.durable.isDisconnected()) {
            if (!prior.durable.owner.equalsIgnoreCase(req.session().user)) throw new SmbException(NtStatus.ACCESS_DENIED);
            checkShareRights(req, prior, req.tree());
            req.server().durable().openRestored(prior);
            req.server().durable().reattach(prior, req.tree());
            req.server().openReattached(prior, req.connection());
        } else if (prior.session != req.session()) {
            throw new SmbException(NtStatus.DUPLICATE_OBJECTID, "CreateGuid in use by another session");
        }
        return prior;
    }

    /** Marks a DH2Q CREATE in progress (replay cache), unless it is our own retry. */
    public static void begin(SmbRequest req, DurableRequest dr) throws SmbException {
        if (dr == null || dr.kind() != DurableRequest.Kind.V2_REQUEST || dr.createGuid() == null) return;
        DurableHandles.PendingCreate p = new DurableHandles.PendingCreate(req, req.connection().clientGuid,
            () -> req.asyncOp() != null && req.asyncOp().isDone());
        if (!req.server().durable().replayBegin(dr.createGuid(), p)) {
            throw new SmbException(NtStatus.DUPLICATE_OBJECTID, "CreateGuid in use");
        }
        req.pendingCreateGuid = dr.createGuid();
    }

    /** The CREATE has its outcome: the open (null on failure) becomes the CreateGuid's replay target. */
    public static void end(SmbRequest req, Open o) {
        byte[] g = req.pendingCreateGuid;
        if (g == null) return;
        req.pendingCreateGuid = null;
        req.server().durable().replayEnd(req.connection().clientGuid, g, req, o);
    }

    /**
     * MS-SMB2 3.3.5.9.13/14 (cluster client failover): a new open with the same AppInstanceId on the same
     * file from another client closes the old open, unless AppInstanceVersion says the old one is newer.
     */
    public static void appInstance(SmbRequest req, DurableRequest dr, Path path) throws SmbException {
        if (dr.appInstanceId() == null) return;
        ServerContext server = req.server();
        for (Open o : server.opens().all()) {
            if (o.closed || o.appInstanceId == null || !Arrays.equals(o.appInstanceId, dr.appInstanceId())) continue;
            if (!o.node.path.equals(path)) continue;
            if (Arrays.equals(o.clientGuid, req.connection().clientGuid)) continue;
            if (dr.hasAppVersion()) {
                int cmp = compareVersion(dr.appVersionHigh(), dr.appVersionLow(), o.appInstanceVersionHigh, o.appInstanceVersionLow);
                if (cmp <= 0) throw new SmbException(NtStatus.FILE_FORCED_CLOSED, "older AppInstanceVersion");
            }
            log.info("AppInstanceId reopen of {} closes handle {} of the previous instance", o.smbPath, o.persistentId);
            server.closeOpen(o);
        }
    }

    private static int compareVersion(long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        return c != 0 ? c : Long.compareUnsigned(l1, l2);
    }

    /** Records client identity on every open (AppInstanceId, ClientGuid). */
    public static void tag(SmbRequest req, DurableRequest dr, Open o) {
        o.clientGuid = req.connection().clientGuid;
        if (dr.appInstanceId() != null) {
            o.appInstanceId = dr.appInstanceId();
            o.appInstanceVersionHigh = dr.appVersionHigh();
            o.appInstanceVersionLow = dr.appVersionLow();
        }
    }

    /**
     * Grants durability after a successful open (MS-SMB2 3.3.5.9.6 and 3.3.5.9.10) and returns the
     * response context to add, if any. A persistent grant is durable in the store before this returns.
     */
    public static CreateContexts.Ctx grant(SmbRequest req, DurableRequest dr, Open o, int oplock, boolean leaseHandle)
        throws SmbException {
        if (dr.kind() == DurableRequest.Kind.NONE || o.directory) return null;
        SmbConnection conn = req.connection();
        TreeConnect tree = req.tree();
        String user = req.session().user;
        try {
            if (dr.kind() == DurableRequest.Kind.V2_REQUEST) {
                // MS-SMB2 3.3.5.9.10: a persistent request on a CA share (3.x) is granted whatever the oplock or
                // lease; only a plain durable v2 request needs a batch oplock or a handle lease
                boolean persistent = dr.persistent() && tree.share.continuouslyAvailable()
                    && (conn.serverCapabilities & CAP_PERSISTENT_HANDLES) != 0;
                if (!persistent && oplock != OPLOCK_BATCH && !leaseHandle) return null;
                int timeout = DurableHandles.grantedTimeout(dr.timeoutMs());
                DurableState st = new DurableState(true, persistent, dr.createGuid(), conn.clientGuid, timeout, user,
                    tree.share.name());
                st.appInstanceId = dr.appInstanceId();
                st.appInstanceVersionHigh = dr.appVersionHigh();
                st.appInstanceVersionLow = dr.appVersionLow();
                req.server().durable().grant(o, st);
                return dh2qResponse(st);
            }
            if (dr.kind() == DurableRequest.Kind.V1_REQUEST) {
                if (oplock != OPLOCK_BATCH && !leaseHandle) return null;
                DurableState st = new DurableState(false, false, null, conn.clientGuid, DurableHandles.V1_TIMEOUT_MS, user,
                    tree.share.name());
                req.server().durable().grant(o, st);
                return new DurableContexts.DurableResponseV1().context().ctx();
            }
        } catch (IOException e) {
            log.error("could not persist handle {}: {}", o.persistentId, e.toString());
            req.server().closeOpen(o);
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "handle store unavailable");
        }
        return null;
    }

    public static CreateContexts.Ctx dh2qResponse(DurableState st) {
        return new DurableContexts.DurableResponseV2(st.timeoutMs, st.persistent ? DurableRequest.FLAG_PERSISTENT : 0)
            .context().ctx();
    }

    /** DHnC / DH2C (MS-SMB2 3.3.5.9.7 and 3.3.5.9.12). Returns the reclaimed open. */
    public static Open reconnect(SmbRequest req, DurableRequest dr, LeaseContext lease, Path requestedPath)
        throws SmbException {
        ServerContext server = req.server();
        TreeConnect tree = req.tree();
        SmbConnection conn = req.connection();
        Open o = server.opens().byPersistentId(dr.fileIdPersistent());
        boolean v2 = dr.kind() == DurableRequest.Kind.V2_RECONNECT;
        if (o == null && v2 && dr.persistent() && tree.share.continuouslyAvailable()
            && (conn.serverCapabilities & CAP_PERSISTENT_HANDLES) != 0) {
            o = server.durable().byCreateGuid(dr.createGuid());
        }
        if (o == null || o.closed || o.durable == null) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no such durable handle");
        DurableState st = o.durable;
        if (v2) {
            // A DH2C for a v1 durable handle matches with a zero CreateGuid (v1 handles have none).
            boolean guidOk = st.v2 ? Arrays.equals(st.createGuid, dr.createGuid()) : isZero(dr.createGuid());
            if (!guidOk || st.persistent != dr.persistent()) {
                throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "DH2C does not match the handle");
            }
        } else if (st.v2) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "DHnC for a v2 handle");
        }
        if (!st.share.equalsIgnoreCase(tree.share.name())) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
        if (!st.isDisconnected()) {
            throw new SmbException(st.persistent ? NtStatus.FILE_NOT_AVAILABLE : NtStatus.OBJECT_NAME_NOT_FOUND,
                "handle still connected");
        }
        if (req.session().user == null || !st.owner.equalsIgnoreCase(req.session().user)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "reclaim by another user");
        }
        checkShareRights(req, o, tree);
        Leases.checkReconnect(o, lease, conn.clientGuid, requestedPath);
        server.durable().openRestored(o);
        server.durable().reattach(o, tree);
        server.openReattached(o, req.connection());
        o.clientGuid = conn.clientGuid;
        return o;
    }

    /**
     * A reclaimed handle keeps the access it was granted; if the share's ACL has since taken rights away
     * from its owner (config change and restart, takeover by a node with another config), the reclaim is
     * refused rather than handing back more than the user may now have.
     */
    private static void checkShareRights(SmbRequest req, Open o, dev.casmb.smb.state.TreeConnect tree) throws SmbException {
        int maximal = req.server().shareAccess(tree.share, req.session()) & tree.maximalAccess;
        if ((o.grantedAccess & ~maximal) != 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "handle's access exceeds the user's rights on the share");
        }
    }

    private static boolean isZero(byte[] b) {
        if (b == null) return true;
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    public static List<CreateContexts.Ctx> none() { return List.of(); }
}
