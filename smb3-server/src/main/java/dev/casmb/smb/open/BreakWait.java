package dev.casmb.smb.open;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.AsyncOp;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.lease.Lease;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.oplock.Oplocks;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.TreeConnect;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Break-then-retry (MS-SMB2 3.3.5.9 / 3.3.4.6): the oplock and lease breaks an open needs before it proceeds, and the
 * wait for them. The CREATE goes async until the broken oplocks are acknowledged (or their opens close, or the break
 * times out), then runs again from the start; the request buffer is retained meanwhile. The engine's only calls into
 * the oplock and lease tables for breaking are here.
 */
final class BreakWait {
    private BreakWait() {}

    /** The breaks an open of {@code node} needs; empty when it may proceed. */
    record Breaks(List<Open> oplocks, List<Lease> leases) {
        boolean none() { return oplocks.isEmpty() && leases.isEmpty(); }
    }

    static Breaks needed(ServerContext server, FileNode node, byte[] clientGuid, LeaseContext lr, int access,
                         boolean overwrite, boolean sharingViolation) {
        List<Open> breaking = Oplocks.breakFor(server, node, access, overwrite, sharingViolation);
        List<Lease> leaseBreaks = Leases.breakFor(node, clientGuid, lr, access, overwrite, sharingViolation);
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
        if (!b.oplocks().isEmpty()) Oplocks.whenResolved(b.oplocks(), rerun);
        if (!b.leases().isEmpty()) Leases.whenResolved(b.leases(), rerun);
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
