package dev.casmb.smb.transport;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.CommandTable;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin handler: runs on a worker executor (not the event loop), one connection's frames in order, and
 * hands each to the connection's {@link Dispatcher}. A protocol violation closes this connection only.
 */
public final class SmbChannelHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(SmbChannelHandler.class);
    private final ServerContext server;
    private final CommandTable table;
    private SmbConnection conn;
    private Dispatcher dispatcher;

    public SmbChannelHandler(ServerContext server, CommandTable table) {
        this.server = server;
        this.table = table;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = new SmbConnection(ctx.channel(), server.config().maxCredits());
        dispatcher = new Dispatcher(server, conn, table);
        server.connections().put(conn, Boolean.TRUE);
        log.debug("connection from {}", conn.remote());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        try {
            dispatcher.onFrame(frame);
        } catch (Dispatcher.ProtocolViolation e) {
            log.info("{}: dropping connection: {}", conn.remote(), e.getMessage());
            abort(ctx);
        } catch (RuntimeException e) {
            log.warn("{}: unexpected error, dropping connection", conn.remote(), e);
            abort(ctx);
        }
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
        if (conn != null) {
            server.connections().remove(conn);
            dispatcher.cancelAll();
            server.connectionClosed(conn);
            log.debug("connection from {} closed", conn.remote());
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
