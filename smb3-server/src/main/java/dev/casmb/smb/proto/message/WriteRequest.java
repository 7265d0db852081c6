package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 WRITE Request (MS-SMB2 2.2.21): StructureSize 49, DataOffset, Length, Offset, FileId, Channel,
 * RemainingBytes, WriteChannelInfoOffset, WriteChannelInfoLength, Flags, then the data. {@code data} is
 * a view of the request (never copied); it lies inside the message, so Length is bounded by it. The
 * channel info (RDMA descriptors) is kept as bytes. An Offset of all ones appends (3.3.5.13).
 */
public record WriteRequest(long offset, FileId fileId, int channel, int remainingBytes, byte[] channelInfo,
                           int flags, ByteBuf data) {
    public static final int STRUCTURE_SIZE = 49;
    /** SMB2_WRITEFLAG_WRITE_THROUGH, SMB2_WRITEFLAG_WRITE_UNBUFFERED. */
    public static final int FLAG_WRITE_THROUGH = 0x1, FLAG_WRITE_UNBUFFERED = 0x2;
    /** The data follows the 48 fixed bytes. */
    public static final int DATA_OFFSET = Smb2Header.SIZE + 48;

    public int length() { return data.readableBytes(); }

    public boolean writeThrough() { return (flags & FLAG_WRITE_THROUGH) != 0; }

    public static WriteRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        ByteBuf data = b.slice(b.u16(2), Integer.toUnsignedLong(b.u32(4)));
        return new WriteRequest(b.u64(8), b.fileId(16), b.u32(32), b.u32(36), b.bytes(b.u16(40), b.u16(42)),
            b.u32(44), data);
    }

    public void encode(ByteBuf out) {
        int n = data.readableBytes();
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(DATA_OFFSET);
        out.writeIntLE(n);
        out.writeLongLE(offset);
        fileId.encode(out);
        out.writeIntLE(channel);
        out.writeIntLE(remainingBytes);
        out.writeShortLE(channelInfo.length == 0 ? 0 : DATA_OFFSET + n);
        out.writeShortLE(channelInfo.length);
        out.writeIntLE(flags);
        out.writeBytes(data, data.readerIndex(), n);
        out.writeBytes(channelInfo);
        if (n == 0 && channelInfo.length == 0) out.writeByte(0);
    }
}
