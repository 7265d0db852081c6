package dev.casmb.rpc.transport;

import dev.casmb.rpc.RpcServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * ncacn_ip_tcp listener ([MS-RPCE] 2.1.1.1) for an {@link RpcServer}. Can listen on several addresses
 * (e.g. EPM on port 135 and the witness on a dynamic port of every data LIF). TCP keep-alive is on so
 * dead witness clients eventually run down their registrations ([MS-SWN] 3.1.6.5).
 */
public final class RpcTcpServer implements AutoCloseable {
    private final RpcServer server;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean ownsGroups;
    private final List<Channel> listeners = new ArrayList<>();

    public RpcTcpServer(RpcServer server) {
        this(server, new NioEventLoopGroup(1), new NioEventLoopGroup(2), true);
    }

    /** Shares existing event loop groups (not closed by {@link #close()}). */
    public RpcTcpServer(RpcServer server, EventLoopGroup boss, EventLoopGroup workers) {
        this(server, boss, workers, false);
    }

    private RpcTcpServer(RpcServer server, EventLoopGroup boss, EventLoopGroup workers, boolean owns) {
        this.server = server;
        this.boss = boss;
        this.workers = workers;
        this.ownsGroups = owns;
    }

    /** Starts listening; port 0 picks an ephemeral port. Returns the bound address. */
    public InetSocketAddress listen(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PduFrameDecoder(), new RpcChannelHandler(server));
                    }
                });
        Channel ch = bindRetrying(b, address);
        synchronized (listeners) {
            listeners.add(ch);
        }
        return (InetSocketAddress) ch.localAddress();
    }

    /** Stops one listener (e.g. when a LIF moves away); existing connections stay up. */
    public void unlisten(InetSocketAddress bound) {
        synchronized (listeners) {
            listeners.removeIf(ch -> {
                if (ch.localAddress().equals(bound)) {
                    ch.close();
                    return true;
                }
                return false;
            });
        }
    }

    @Override
    public void close() {
        synchronized (listeners) {
            for (Channel ch : listeners) {
                ch.close().syncUninterruptibly();
            }
            listeners.clear();
        }
        if (ownsGroups) {
            boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Binds, retrying EADDRINUSE for up to 3 s: when both nodes of a pair share a host (the loopback demo and tests),
     * the LIF's previous node may still be closing its listener on the address when this node binds it.
     */
    private static Channel bindRetrying(io.netty.bootstrap.ServerBootstrap b, java.net.SocketAddress at)
        throws InterruptedException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (true) {
            io.netty.channel.ChannelFuture f = b.bind(at).await();
            if (f.isSuccess() || !(f.cause() instanceof java.net.BindException) || System.nanoTime() > end) {
                return f.sync().channel(); // sync() throws the cause of a failed bind
            }
            Thread.sleep(10);
        }
    }
}
