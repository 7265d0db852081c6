package dev.casmb.smb.limits;

import dev.casmb.smb.config.ResourceLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-connection back-pressure: the connection stops reading from its socket (autoRead off) while any of
 * these holds, and resumes when none does:
 * <ul>
 *   <li>{@link #PAUSED}: the server is fenced ({@code SmbServer.pause()});</li>
 *   <li>{@link #INBOUND}: more than {@code maxQueuedInboundBytes} of decoded requests wait for the
 *       connection's worker (they are counted between the I/O thread and the worker);</li>
 *   <li>{@link #UNWRITABLE}: unsent responses exceed the channel's write-buffer high watermark (a client
 *       that sends requests but does not read its responses).</li>
 * </ul>
 * Together with the frame-size bound this caps what one connection can make the server buffer at about
 * maxQueuedInboundBytes + one read batch + writeBufferHighBytes + one response. It is also what keeps a
 * flooding client from starving others: workers are shared single-threaded executors that run tasks in
 * FIFO order, so a connection sharing a worker with a flooder waits behind at most that flooder's bounded
 * backlog, never behind an unbounded queue.
 */
public final class FlowControl {
    public static final int PAUSED = 1;
    public static final int INBOUND = 2;
    public static final int UNWRITABLE = 4;
    private static final AttributeKey<FlowControl> KEY = AttributeKey.valueOf("casmb.flowControl");

    private final Channel channel;
    private final long maxQueued;
    private final LimitMetrics metrics;
    private final AtomicInteger reasons = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();

    private FlowControl(Channel channel, long maxQueued, LimitMetrics metrics) {
        this.channel = channel;
        this.maxQueued = maxQueued;
        this.metrics = metrics;
    }

    /** Attaches flow control to a new channel. */
    public static FlowControl install(Channel ch, ResourceLimits limits, LimitMetrics metrics) {
        FlowControl fc = new FlowControl(ch, limits.maxQueuedInboundBytes(), metrics);
        ch.attr(KEY).set(fc);
        return fc;
    }

    /** The channel's flow control, or null if it has none (refused connection, tests). */
    public static FlowControl of(Channel ch) { return ch.attr(KEY).get(); }

    public void set(int reason, boolean on) {
        int before;
        int after;
        do {
            before = reasons.get();
            after = on ? before | reason : before & ~reason;
        } while (!reasons.compareAndSet(before, after));
        if ((before == 0) != (after == 0)) {
            boolean read = after == 0;
            channel.config().setAutoRead(read);
            if (read) channel.read();
        }
    }

    public boolean isSet(int reason) { return (reasons.get() & reason) != 0; }

    public long queuedBytes() { return queuedBytes.get(); }

    /** On the I/O thread, after the frame decoder: counts frames handed to the worker; watches writability. */
    public ChannelInboundHandlerAdapter ingress() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b && queuedBytes.addAndGet(b.readableBytes()) > maxQueued && !isSet(INBOUND)) {
                    metrics.hit(LimitMetrics.Kind.READ_PAUSED_INBOUND_BACKLOG, ctx.channel().remoteAddress()
                        + ": " + queuedBytes.get() + " bytes of requests queued; reading paused");
                    set(INBOUND, true);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                boolean unwritable = !ctx.channel().isWritable();
                if (unwritable && !isSet(UNWRITABLE)) {
                    metrics.hit(LimitMetrics.Kind.READ_PAUSED_UNWRITABLE, ctx.channel().remoteAddress()
                        + ": client is not reading its responses; reading paused");
                }
                set(UNWRITABLE, unwritable);
                ctx.fireChannelWritabilityChanged();
            }
        };
    }

    /** A frame counted by {@link #ingress} has been processed (any thread): it leaves the queue. */
    public void processed(int bytes) {
        if (queuedBytes.addAndGet(-bytes) <= maxQueued / 2 && isSet(INBOUND)) set(INBOUND, false);
    }
}
