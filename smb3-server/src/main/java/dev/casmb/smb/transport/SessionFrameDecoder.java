package dev.casmb.smb.transport;

import dev.casmb.smb.buffer.LargeBuffers;
import dev.casmb.smb.limits.LimitMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Direct-TCP session-service framing (MS-SMB2 2.1): a zero byte, a 24-bit big-endian length, then
 * the message. Frames longer than {@code maxFrame} are refused before any of them is buffered.
 *
 * <p>Partial-frame timeout (slow-loris defence): once the first byte of a frame has arrived, the whole
 * frame must arrive within {@code partialTimeoutMillis}, or the connection is closed. Time during which
 * the server itself has stopped reading (back-pressure, fencing) does not count against the client.
 */
public final class SessionFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrame;
    private final long partialTimeoutNanos;
    private final LimitMetrics metrics;
    /** System.nanoTime() when the frame now being received started; 0 if none is partial. */
    private long partialSince;
    private ScheduledFuture<?> timer;
    /** Set once the stream is known bad: the rest is discarded (decodeLast must not report it again). */
    private boolean failed;
    /** Bytes (header included) of the frame being received, once its header is in; else 0. At most maxFrame + 4. */
    private int expecting;

    public SessionFrameDecoder(int maxFrame) {
        this(maxFrame, 0, null);
    }

    public SessionFrameDecoder(int maxFrame, long partialTimeoutMillis, LimitMetrics metrics) {
        this.maxFrame = maxFrame;
        this.partialTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(partialTimeoutMillis);
        this.metrics = metrics;
        setCumulator(this::cumulate);
    }

    /**
     * Netty's merge cumulator, except that when the buffer must grow it grows at once to the size of the frame
     * being received (known from its header, bounded by maxFrame), from {@link LargeBuffers} when large: an
     * 8 MiB WRITE arrives in 64 KiB reads, and growing by doubling meant a chain of reallocations and copies,
     * each from a freshly mapped pool chunk.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation == in) {
            in.release();
            return cumulation;
        }
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int required = in.readableBytes();
            // Writing past the writer index of a buffer that decoded frames (slices) still share is safe as
            // long as it is not reallocated (as Netty's cumulator): so grow into a new buffer.
            if (required > cumulation.maxFastWritableBytes() || cumulation.isReadOnly()) {
                int want = Math.max(cumulation.readableBytes() + required, expecting);
                ByteBuf next = LargeBuffers.directBuffer(alloc, want);
                next.writeBytes(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
                next.writeBytes(in, in.readerIndex(), required);
                in.readerIndex(in.writerIndex());
                cumulation.release();
                return next;
            }
            cumulation.writeBytes(in, in.readerIndex(), required);
            in.readerIndex(in.writerIndex());
            return cumulation;
        } finally {
            in.release();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (partialTimeoutNanos <= 0) return;
        long period = Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(partialTimeoutNanos) / 4));
        timer = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private void check(ChannelHandlerContext ctx) {
        if (partialSince == 0 || !ctx.channel().isActive()) return;
        if (!ctx.channel().config().isAutoRead()) {
            partialSince = System.nanoTime(); // we are not reading: not the client's fault
            return;
        }
        long held = System.nanoTime() - partialSince;
        if (held > partialTimeoutNanos) {
            String msg = ctx.channel().remoteAddress() + ": frame incomplete after "
                + TimeUnit.NANOSECONDS.toMillis(held) + " ms (" + actualReadableBytes() + " bytes buffered); closing";
            if (metrics != null) metrics.hit(LimitMetrics.Kind.PARTIAL_FRAME_TIMEOUT, msg);
            partialSince = 0;
            cancelTimer();
            SmbChannelHandler.abort(ctx);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int emitted = 0;
        while (in.readableBytes() >= 4) {
            int at = in.readerIndex();
            if (in.getUnsignedByte(at) != 0) {
                failed = true;
                throw new CorruptedFrameException("not a session message (type " + in.getUnsignedByte(at) + ")");
            }
            int len = in.getUnsignedMedium(at + 1);
            if (len > maxFrame) {
                failed = true;
                if (metrics != null) {
                    metrics.hit(LimitMetrics.Kind.FRAME_TOO_LONG, ctx.channel().remoteAddress() + ": frame of " + len + " bytes");
                }
                throw new TooLongFrameException("frame of " + len + " bytes exceeds " + maxFrame);
            }
            if (len == 0) {
                in.skipBytes(4); // keep-alive
                emitted++;
                continue;
            }
            if (in.readableBytes() < 4 + len) {
                expecting = 4 + len;
                break;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(len));
            emitted++;
        }
        if (in.readableBytes() < 4) expecting = 0;
        if (!in.isReadable()) {
            partialSince = 0;
        } else if (emitted > 0 || partialSince == 0) {
            partialSince = System.nanoTime();
        }
    }
}
