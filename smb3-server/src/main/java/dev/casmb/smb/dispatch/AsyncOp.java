package dev.casmb.smb.dispatch;

import dev.casmb.smb.response.SmbResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An operation that went async (MS-SMB2 3.3.4.2): an interim STATUS_PENDING was sent, and the final
 * response is sent by {@link #complete}. Cancellation calls the registered canceller once.
 */
public final class AsyncOp implements dev.casmb.smb.response.PendingResponse {
    public final long asyncId;
    final SmbRequest request;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Runnable canceller;
    private final Object sendLock = new Object();
    private boolean interimSent;
    private SmbResponse deferred;
    /** The rest of the compound this operation was suspended in, or null (see {@link CompoundRun}). */
    private volatile CompoundRun continuation;

    AsyncOp(long asyncId, SmbRequest request) {
        this.asyncId = asyncId;
        this.request = request;
    }

    @Override
    public void onCancel(Runnable r) { this.canceller = r; }

    /** Makes the final response continue the suspended compound {@code rest} instead of going out alone. */
    void continueWith(CompoundRun rest) { this.continuation = rest; }

    CompoundRun continuation() { return continuation; }

    public boolean isDone() { return done.get(); }

    /** Sends the final response; returns false if already completed. */
    @Override
    public boolean complete(SmbResponse response) {
        if (!done.compareAndSet(false, true)) {
            if (response.body() != null) response.body().release();
            return false;
        }
        synchronized (sendLock) {
            // A completion on another thread must not overtake the interim STATUS_PENDING response.
            if (!interimSent) {
                deferred = response;
                return true;
            }
        }
        request.dispatcher().completeAsync(this, response);
        return true;
    }

    /** Called by the dispatcher once the interim response is on the wire; sends a deferred completion. */
    void interimSent() {
        SmbResponse r;
        synchronized (sendLock) {
            interimSent = true;
            r = deferred;
            deferred = null;
        }
        if (r != null) request.dispatcher().completeAsync(this, r);
    }

    @Override
    public boolean fail(int status) {
        return complete(SmbResponse.error(status));
    }

    /** Drops the operation without sending anything (it failed synchronously instead). */
    void abandon() {
        if (!done.compareAndSet(false, true)) return;
        request.dispatcher().forget(this);
        Runnable c = canceller;
        if (c != null) c.run(); // releases whatever the handler registered; its completion is now a no-op
    }

    void cancel() {
        Runnable c = canceller;
        if (c != null) {
            c.run();
        } else {
            fail(dev.casmb.smb.proto.NtStatus.CANCELLED);
        }
    }

    public SmbRequest request() { return request; }
}
