package dev.casmb.rpc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * ncacn_ip_tcp framing: emits one {@code byte[]} per PDU using frag_length at offset 8 (C706 12.6.3.1).
 * frag_length is a u16, so frames are bounded to 64 KiB; below 16 bytes is corrupt.
 */
final class PduFrameDecoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 10) {
            return;
        }
        int frag = in.getUnsignedShortLE(in.readerIndex() + 8);
        if (frag < 16) {
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("frag_length " + frag);
        }
        if (in.readableBytes() < frag) {
            return;
        }
        byte[] pdu = new byte[frag];
        in.readBytes(pdu);
        out.add(pdu);
    }

}
