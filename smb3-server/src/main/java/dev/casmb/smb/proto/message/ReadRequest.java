package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 READ Request (MS-SMB2 2.2.19): StructureSize 49, Padding, Flags, Length, Offset, FileId,
 * MinimumCount, Channel, RemainingBytes, ReadChannelInfoOffset, ReadChannelInfoLength, Buffer.
 * {@code length} and {@code minimumCount} are unsigned 32-bit values kept as Java ints (a value above
 * 2^31 is negative; the handler bounds it). The channel info (RDMA descriptors, 2.2.3.1.x) is kept as
 * bytes; it must lie inside the message.
 */
public record ReadRequest(int padding, int flags, int length, long offset, FileId fileId, int minimumCount,
                          int channel, int remainingBytes, byte[] channelInfo) {
    public static final int STRUCTURE_SIZE = 49;
    /** SMB2_CHANNEL_NONE, the only channel on TCP. */
    public static final int CHANNEL_NONE = 0;
    static final int BUFFER_OFFSET = Smb2Header.SIZE + 48;

    public static ReadRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new ReadRequest(b.u8(2), b.u8(3), b.u32(4), b.u64(8), b.fileId(16), b.u32(32), b.u32(36),
            b.u32(40), b.bytes(b.u16(44), b.u16(46)));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(padding);
        out.writeByte(flags);
        out.writeIntLE(length);
        out.writeLongLE(offset);
        fileId.encode(out);
        out.writeIntLE(minimumCount);
        out.writeIntLE(channel);
        out.writeIntLE(remainingBytes);
        out.writeShortLE(channelInfo.length == 0 ? 0 : BUFFER_OFFSET);
        out.writeShortLE(channelInfo.length);
        out.writeBytes(channelInfo);
        if (channelInfo.length == 0) out.writeByte(0);
    }
}
