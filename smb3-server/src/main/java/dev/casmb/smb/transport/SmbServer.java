package dev.casmb.smb.transport;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.dispatch.CommandTable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMB listener. Addresses can be bound and unbound at run time (a LIF arriving or leaving);
 * unbinding also resets that address's client connections so that clients reconnect at once.
 */
public final class SmbServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmbServer.class);
    private final ServerContext context;
    private final CommandTable table;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup io = new NioEventLoopGroup(2);
    private final EventExecutorGroup workers;
    private final Map<InetAddress, Channel> listeners = new ConcurrentHashMap<>();
    private final Map<Channel, InetAddress> clients = new ConcurrentHashMap<>();
    private volatile boolean paused;
    private final dev.casmb.smb.limits.ConnectionAdmission admission;
    /** Logs the resource-limit counters when the process stops (SIGTERM), whether or not close() runs. */
    private final Thread counterLog = new Thread(this::logCounters, "limit-counters");

    public SmbServer(ServerContext context) {
        this.context = context;
        this.table = Commands.table();
        this.workers = new DefaultEventExecutorGroup(Math.max(4, context.config().workerThreads()));
        this.admission = new dev.casmb.smb.limits.ConnectionAdmission(context.limits(), context.limitMetrics());
        dev.casmb.smb.crypto.CryptoWarmup.startOnce();
        Runtime.getRuntime().addShutdownHook(counterLog);
    }

    public ServerContext context() { return context; }
    public dev.casmb.smb.limits.ConnectionAdmission admission() { return admission; }

    public void start() throws InterruptedException {
        for (InetAddress a : context.config().listenAddresses()) bind(a);
    }

    public synchronized int bind(InetAddress address) throws InterruptedException {
        Channel existing = listeners.get(address);
        if (existing != null) return ((InetSocketAddress) existing.localAddress()).getPort();
        ServerBootstrap b = new ServerBootstrap()
            .group(boss, io)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 256)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(
                context.limits().writeBufferLowBytes(), context.limits().writeBufferHighBytes()))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (!admission.admit(ch)) return; // over a connection limit: reset already
                    var limits = context.limits();
                    var flow = dev.casmb.smb.limits.FlowControl.install(ch, limits, context.limitMetrics());
                    clients.put(ch, address);
                    if (paused) flow.set(dev.casmb.smb.limits.FlowControl.PAUSED, true);
                    ch.closeFuture().addListener(f -> clients.remove(ch));
                    ch.pipeline().addLast(new IdleStateHandler(0, 0, limits.idleTimeoutSeconds(), TimeUnit.SECONDS));
                    ch.pipeline().addLast(new SessionFrameDecoder(context.config().maxFrameBytes(),
                        limits.partialFrameTimeoutMillis(), context.limitMetrics()));
                    ch.pipeline().addLast(flow.ingress());
                    ch.pipeline().addLast(new SmbChannelHandler(context, table, workers.next()));
                }
            });
        Channel ch = bindRetrying(b, new InetSocketAddress(address, context.config().port()));
        listeners.put(address, ch);
        int port = ((InetSocketAddress) ch.localAddress()).getPort();
        log.info("SMB listening on {}:{}", address.getHostAddress(), port);
        return port;
    }

    /** Stops listening on an address and resets (RST) its client connections. */
    public synchronized void unbind(InetAddress address) {
        Channel ch = listeners.remove(address);
        if (ch != null) ch.close().syncUninterruptibly();
        int n = 0;
        for (Map.Entry<Channel, InetAddress> e : clients.entrySet()) {
            if (e.getValue().equals(address)) {
                Channel c = e.getKey();
                try {
                    c.config().setOption(ChannelOption.SO_LINGER, 0);
                } catch (RuntimeException closedMeanwhile) {
                    // the client went away while we were unbinding: nothing left to reset
                }
                c.close();
                n++;
            }
        }
        log.info("SMB stopped listening on {}; reset {} client connection(s)", address.getHostAddress(), n);
    }

    /** Stops accepting on an address but leaves its client connections alone (fencing). */
    public synchronized void stopListening(InetAddress address) {
        Channel ch = listeners.remove(address);
        if (ch != null) ch.close().syncUninterruptibly();
    }

    /**
     * Stops reading requests from every client connection (fencing: nothing new is processed while this
     * node may not own its data). {@link #resume} undoes it; requests the clients sent meanwhile are
     * processed then, or lost with the connection if it is reset.
     */
    public void pause() {
        paused = true;
        for (Channel c : clients.keySet()) setPaused(c, true);
    }

    public void resume() {
        paused = false;
        for (Channel c : clients.keySet()) setPaused(c, false);
    }

    private static void setPaused(Channel c, boolean on) {
        var flow = dev.casmb.smb.limits.FlowControl.of(c);
        if (flow != null) {
            flow.set(dev.casmb.smb.limits.FlowControl.PAUSED, on);
        } else {
            c.config().setAutoRead(!on);
            if (!on) c.read();
        }
    }

    public boolean isPaused() { return paused; }

    private void logCounters() {
        log.info("resource limit counters: {}", context.limitMetrics());
    }

    public int port(InetAddress address) {
        Channel ch = listeners.get(address);
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(counterLog);
            logCounters();
        } catch (IllegalStateException shuttingDown) {
            // the hook logs them
        }
        for (InetAddress a : listeners.keySet().toArray(new InetAddress[0])) unbind(a);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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
