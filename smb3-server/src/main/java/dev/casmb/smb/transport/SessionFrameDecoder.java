package dev.casmb.smb.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Direct-TCP session-service framing (MS-SMB2 2.1): a zero byte, a 24-bit big-endian length, then
 * the message. Frames longer than {@code maxFrame} are refused before any of them is buffered.
 */
public final class SessionFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrame;

    public SessionFrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int at = in.readerIndex();
            if (in.getUnsignedByte(at) != 0) {
                throw new CorruptedFrameException("not a session message (type " + in.getUnsignedByte(at) + ")");
            }
            int len = in.getUnsignedMedium(at + 1);
            if (len > maxFrame) throw new TooLongFrameException("frame of " + len + " bytes exceeds " + maxFrame);
            if (len == 0) {
                in.skipBytes(4); // keep-alive
                continue;
            }
            if (in.readableBytes() < 4 + len) return;
            in.skipBytes(4);
            out.add(in.readRetainedSlice(len));
        }
    }
}
