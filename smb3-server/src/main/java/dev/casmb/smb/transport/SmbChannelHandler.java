package dev.casmb.smb.transport;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.CommandTable;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.limits.FlowControl;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin handler on the event loop: hands each frame to the connection's worker (one single-threaded
 * executor of the worker group, so a connection's frames run in order and file I/O stays off the event
 * loop), and from there to the connection's {@link Dispatcher}. A protocol violation closes this
 * connection only.
 *
 * <p>Fast path: a lone plain ECHO arriving while none of the connection's frames is queued or running
 * on its worker is processed right here on the event loop, and its response is flushed once per read
 * batch. The worker hop costs two thread wake-ups per request, which for ECHO is most of the work. Only
 * one thread touches the connection's dispatch state at a time: the event loop processes inline only
 * when {@link #inFlight} is 0, i.e. after the worker has finished (and published) everything it was given.
 */
public final class SmbChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SmbChannelHandler.class);
    private final ServerContext server;
    private final CommandTable table;
    private final EventExecutor worker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private SmbConnection conn;
    private Dispatcher dispatcher;
    private FlowControl flow;
    /** Responses written on the event loop during this read batch and not flushed yet. */
    private boolean unflushed;

    public SmbChannelHandler(ServerContext server, CommandTable table, EventExecutor worker) {
        this.server = server;
        this.table = table;
        this.worker = worker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = new SmbConnection(ctx.channel(), server.config().maxCredits());
        conn.worker = worker;
        dispatcher = new Dispatcher(server, conn, table);
        flow = FlowControl.of(ctx.channel());
        server.connections().put(conn, Boolean.TRUE);
        log.debug("connection from {}", conn.remote());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame) || dispatcher == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (inFlight.get() == 0 && inlineEligible(frame)) {
            conn.flushLater = true;
            try {
                process(ctx, frame);
            } finally {
                conn.flushLater = false;
            }
            unflushed = true;
            return;
        }
        inFlight.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    process(ctx, frame);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.decrementAndGet();
            done(frame.readableBytes());
            frame.release();
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    /** A single unencrypted ECHO (no compound): no file I/O, no waiting, cheap to answer on the event loop. */
    private static boolean inlineEligible(ByteBuf f) {
        int at = f.readerIndex();
        return f.readableBytes() >= Smb2Header.SIZE + 4
            && f.getIntLE(at) == Smb2Header.PROTOCOL_ID
            && f.getUnsignedShortLE(at + 12) == Smb2Command.ECHO
            && f.getIntLE(at + 20) == 0;
    }

    private void process(ChannelHandlerContext ctx, ByteBuf frame) {
        int n = frame.readableBytes();
        try {
            dispatcher.onFrame(frame);
        } catch (Dispatcher.ProtocolViolation e) {
            log.info("{}: dropping connection: {}", conn.remote(), e.getMessage());
            abort(ctx);
        } catch (RuntimeException e) {
            log.warn("{}: unexpected error, dropping connection", conn.remote(), e);
            abort(ctx);
        } finally {
            frame.release();
            done(n);
        }
    }

    private void done(int bytes) {
        if (flow != null) flow.processed(bytes);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            server.limitMetrics().hit(dev.casmb.smb.limits.LimitMetrics.Kind.IDLE_TIMEOUT,
                ctx.channel().remoteAddress() + ": no traffic for " + server.limits().idleTimeoutSeconds() + " s");
            log.info("{}: idle timeout", conn == null ? ctx.channel().remoteAddress() : conn.remote());
            abort(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conn == null) return;
        // after the frames already handed to the worker, as before
        Runnable closed = () -> {
            server.connections().remove(conn);
            dispatcher.cancelAll();
            server.connectionClosed(conn);
            log.debug("connection from {} closed", conn.remote());
        };
        try {
            worker.execute(closed);
        } catch (RejectedExecutionException shuttingDown) {
            closed.run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        abort(ctx);
    }

    /** Closes with RST so the client notices at once. */
    static void abort(ChannelHandlerContext ctx) {
        try {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // not a socket channel (tests)
        }
        ctx.close();
    }
}
