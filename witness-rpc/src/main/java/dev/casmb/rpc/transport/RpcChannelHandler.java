package dev.casmb.rpc.transport;

import dev.casmb.rpc.PduSink;
import dev.casmb.rpc.RpcConnection;
import dev.casmb.rpc.RpcServer;
import dev.casmb.rpc.TransportInfo;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;

/** Binds one TCP channel to one {@link RpcConnection}; everything runs on the channel's event loop. */
final class RpcChannelHandler extends ChannelInboundHandlerAdapter {
    private final RpcServer server;
    private RpcConnection connection;

    RpcChannelHandler(RpcServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        InetSocketAddress local = (InetSocketAddress) ch.localAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        PduSink sink = new PduSink() {
            @Override
            public void send(byte[] pdu) {
                ch.writeAndFlush(Unpooled.wrappedBuffer(pdu));
            }

            @Override
            public void close() {
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        };
        connection = server.newConnection(
                new TransportInfo("ncacn_ip_tcp", local, remote, Integer.toString(local.getPort())), sink,
                ch.eventLoop());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof byte[] pdu && connection != null) {
            connection.receive(pdu);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Framing errors or I/O errors: drop only this connection.
        ctx.close();
    }
}
