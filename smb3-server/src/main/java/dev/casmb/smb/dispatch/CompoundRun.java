package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One received chain of SMB2 messages (MS-SMB2 3.3.5.2.7), processed in order with one
 * {@link CompoundContext}; the responses go out compounded (MS-SMB2 3.3.4.1.3).
 * <p>
 * Only a CREATE may go async before the end of the chain (Windows, MS-SMB2 3.3.5.2.7 &lt;262&gt;: a CREATE
 * that waits for an oplock or lease break; smbtorture smb2.compound.compound-break). Then the responses
 * so far go out, followed by the CREATE's interim STATUS_PENDING; the run is suspended, and when the
 * CREATE completes (on any thread) it resumes on the thread that processes the connection's frames: the CREATE's final
 * response is compounded with the responses of the rest of the chain, which sees the CREATE's open
 * or failure as for a synchronous CREATE (its message ids are checked against the credit window then).
 * The frame is retained while suspended. Any other request that
 * would go async before the end fails with STATUS_INTERNAL_ERROR (see {@link Dispatcher}).
 */
final class CompoundRun {
    static final int MAX_MESSAGES = 64;

    private final Dispatcher dispatcher;
    private final ByteBuf frame;
    private final boolean encrypted;
    private final List<Smb2Header> headers;
    private final List<ByteBuf> messages;
    private final CompoundContext context = new CompoundContext();
    private int next;
    private List<Dispatcher.Out> outs = new ArrayList<>();
    private boolean suspended;

    private CompoundRun(Dispatcher dispatcher, ByteBuf frame, boolean encrypted, List<Smb2Header> headers,
                        List<ByteBuf> messages) {
        this.dispatcher = dispatcher;
        this.frame = frame;
        this.encrypted = encrypted;
        this.headers = headers;
        this.messages = messages;
    }

    /**
     * Splits a frame (from its reader index) into its messages by NextCommand, checking the framing of
     * the whole chain first (8-byte aligned, within the frame, at most {@link #MAX_MESSAGES}).
     */
    static CompoundRun split(Dispatcher dispatcher, ByteBuf frame, boolean encrypted) {
        List<Smb2Header> headers = new ArrayList<>();
        List<ByteBuf> messages = new ArrayList<>();
        int off = frame.readerIndex();
        int end = frame.writerIndex();
        while (true) {
            int remaining = end - off;
            if (remaining < Smb2Header.SIZE) throw new Dispatcher.ProtocolViolation("short SMB2 message");
            Smb2Header h;
            try {
                h = Smb2Header.decode(frame, off);
            } catch (IllegalArgumentException e) {
                throw new Dispatcher.ProtocolViolation(e.getMessage());
            }
            int len;
            if (h.nextCommand == 0) {
                len = remaining;
            } else {
                if (h.nextCommand < Smb2Header.SIZE || (h.nextCommand & 7) != 0 || h.nextCommand > remaining) {
                    throw new Dispatcher.ProtocolViolation("bad NextCommand " + h.nextCommand);
                }
                len = h.nextCommand;
            }
            if (headers.size() == MAX_MESSAGES) throw new Dispatcher.ProtocolViolation("compound too long");
            headers.add(h);
            messages.add(frame.slice(off, len));
            if (h.nextCommand == 0) break;
            off += len;
        }
        return new CompoundRun(dispatcher, frame, encrypted, headers, messages);
    }

    int size() { return headers.size(); }

    /** Processes the requests not yet processed; on the connection's worker. */
    void run() {
        while (next < headers.size()) {
            int i = next++;
            Dispatcher.Out o = dispatcher.execute(headers.get(i), messages.get(i), context, encrypted, i);
            if (o == null) continue; // CANCEL has no response
            if (o.pending() && next < headers.size()) {
                suspendAt(o);
                return;
            }
            outs.add(o);
        }
        finish();
    }

    private void finish() {
        if (!outs.isEmpty()) {
            Dispatcher.Out last = outs.get(outs.size() - 1);
            if (outs.size() > 1 && last.pending()) {
                // An async operation at the end of a compound: the responses before it go out as their own
                // compound, then its interim STATUS_PENDING (Windows; smbtorture smb2.compound.interim3).
                dispatcher.send(outs.subList(0, outs.size() - 1));
                dispatcher.send(List.of(last));
            } else {
                dispatcher.send(outs);
            }
            for (Dispatcher.Out o : outs) {
                if (o.pending()) o.req().async.interimSent();
            }
        }
        outs = new ArrayList<>();
        if (suspended) {
            suspended = false;
            frame.release();
        }
    }

    private void suspendAt(Dispatcher.Out interim) {
        AsyncOp op = interim.req().async;
        if (interim.req().header.command != Smb2Command.CREATE || op == null) {
            throw new IllegalStateException("only a CREATE may go async before the end of a compound");
        }
        if (!suspended) {
            suspended = true;
            frame.retain(); // once, however many CREATEs of the chain go async
        }
        op.continueWith(this);
        if (!outs.isEmpty()) dispatcher.send(outs);
        outs = new ArrayList<>();
        dispatcher.send(List.of(interim));
        op.interimSent(); // a completion that came first is delivered now (to resume)
    }

    /**
     * The suspended CREATE has completed with {@code fin} (its final response, status {@code status}):
     * continues with the rest of the chain on the connection's worker. Any thread.
     */
    void resume(Dispatcher.Out fin, int status) {
        try {
            dispatcher.connection().executor().execute(() -> resumeOnLoop(fin, status));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            fin.msg().release();
            frame.release(); // the run stays suspended for good: nothing else touches it
        }
    }

    private void resumeOnLoop(Dispatcher.Out fin, int status) {
        if (!dispatcher.connection().channel.isActive()) {
            fin.msg().release();
            abort();
            return;
        }
        context.createFinished(status);
        outs.add(fin);
        try {
            run();
        } catch (Dispatcher.ProtocolViolation e) {
            abort();
            dispatcher.connection().channel.close();
        }
    }

    /** Drops the rest of a suspended chain (the connection is gone). */
    void abort() {
        for (Dispatcher.Out o : outs) o.msg().release();
        outs = new ArrayList<>();
        if (suspended) {
            suspended = false;
            frame.release();
        }
    }
}
