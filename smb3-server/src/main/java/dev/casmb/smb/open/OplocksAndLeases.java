package dev.casmb.smb.open;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.AsyncOp;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.lease.Oplocks;
import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.LeaseState;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CreateContext;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Lease;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.TreeConnect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open engine's one place that calls the oplock and lease tables ({@link Oplocks}, {@link Leases}): the lease
 * request of a CREATE (MS-SMB2 3.3.5.9.8/11), the grant of an oplock or lease (3.3.5.9.8), the RqLs response, the
 * handle-lease break a delete costs, and break-then-retry (3.3.5.9 / 3.3.4.6): the breaks an open needs before it
 * proceeds and the wait for them. The CREATE goes async until the broken oplocks are acknowledged (or their opens
 * close, or the break times out), then runs again from the start; the request buffer is retained meanwhile.
 */
final class OplocksAndLeases {
    private OplocksAndLeases() {}

    /** The lease request of a CREATE, or null (not asked for, or to be ignored). */
    static LeaseContext request(SmbRequest req, int oplock, Map<String, byte[]> contexts) throws SmbException {
        return Leases.request(req.connection(), oplock, contexts);
    }

    /** The lease context of a durable reconnect (only its key counts). */
    static LeaseContext reconnectRequest(SmbRequest req, Map<String, byte[]> contexts) throws SmbException {
        return Leases.reconnectRequest(req.connection(), contexts);
    }

    /** MS-SMB2 3.3.5.9.8: a lease key already used for another file by this client is refused. */
    static void checkKey(SmbRequest req, LeaseContext lr, Path path) throws SmbException {
        req.server().leases().checkKey(req.connection().clientGuid, lr, path);
    }

    /** Grants the lease asked for (files only), else the oplock the open may have; the level for the response. */
    static int grant(SmbRequest req, Open open, LeaseContext lr, int oplock, boolean dir) {
        if (lr != null && !dir) {
            req.server().leases().grant(open, lr, req.connection().clientGuid, req.connection());
            return Oplocks.LEASE;
        }
        int wanted = oplock == 0 || oplock == Oplocks.LEASE ? 0 : req.server().leases().capOplock(open, oplock);
        return wanted == 0 ? 0 : req.server().oplocks().grant(open, wanted, req.connection());
    }

    /** A delete costs the other leases their H (smbtorture lease.unlink). */
    static void breakHandle(ServerContext server, Open open) {
        server.leases().breakHandle(open.node, open);
    }

    /** The RqLs response of an open with a lease, or null. */
    static CreateContext response(Open o) {
        if (o.lease == null) return null;
        CreateContexts.Ctx c = Leases.response(o);
        return new CreateContext(c.name(), c.data());
    }

    /** Whether the open holds a lease with H (the durable grant needs a batch oplock or that). */
    static boolean leaseHandle(Open o) {
        return o.lease != null && (o.lease.state() & LeaseState.H) != 0;
    }

    /** The breaks an open of {@code node} needs; empty when it may proceed. */
    record Breaks(List<Open> oplocks, List<Lease> leases) {
        boolean none() { return oplocks.isEmpty() && leases.isEmpty(); }
    }

    static Breaks needed(ServerContext server, FileNode node, byte[] clientGuid, LeaseContext lr, int access,
                         boolean overwrite, boolean sharingViolation) {
        List<Open> breaking = server.oplocks().breakFor(node, access, overwrite, sharingViolation);
        List<Lease> leaseBreaks = server.leases().breakFor(node, clientGuid, lr, access, overwrite, sharingViolation);
        return new Breaks(breaking, leaseBreaks);
    }

    /** Sends the request async until {@code b} resolves, then runs {@code again} (the CREATE handler) on it. */
    static void await(SmbRequest req, Breaks b, CommandHandler again) {
        boolean first = req.asyncOp() == null;
        AsyncOp op = req.goAsync();
        if (first) {
            req.msg().retain();
            op.onCancel(() -> {
                if (op.fail(NtStatus.CANCELLED)) req.msg().release();
            });
        }
        AtomicBoolean once = new AtomicBoolean();
        Runnable rerun = () -> {
            if (once.compareAndSet(false, true)) ForkJoinPool.commonPool().execute(() -> retry(req, op, again));
        };
        if (!b.oplocks().isEmpty()) req.server().oplocks().whenResolved(b.oplocks(), rerun);
        if (!b.leases().isEmpty()) req.server().leases().whenResolved(b.leases(), rerun);
    }

    private static void retry(SmbRequest req, AsyncOp op, CommandHandler again) {
        if (op.isDone()) return;
        SmbResponse r;
        try {
            // a continuation, not a client frame: the data-fencing check is made here (the node may have lost the
            // aggregate while the CREATE waited for a break)
            TreeConnect tree = req.tree();
            if (tree != null && tree.share != null && !req.server().mayMutate(tree.share.name())) {
                throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "this node may no longer change the share's data");
            }
            r = again.handle(req);
        } catch (SmbException e) {
            r = SmbResponse.error(e.status());
        } catch (RuntimeException e) {
            r = SmbResponse.error(NtStatus.INTERNAL_ERROR);
        }
        if (r.pending()) return;
        if (op.complete(r)) req.msg().release();
    }
}
