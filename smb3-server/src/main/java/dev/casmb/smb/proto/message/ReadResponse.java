package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 READ Response (MS-SMB2 2.2.20): StructureSize 17, DataOffset (1 byte, always 0x50: the data follows
 * the 16 fixed bytes), Reserved, DataLength, DataRemaining, Reserved2, then the data. Empty data is sent
 * with one padding byte. {@code data} is not copied by the record; {@link #encode} copies it, and the
 * zero-copy file path writes the data straight into the body buffer and only the fixed part through
 * {@link #encodeFixed}.
 */
public record ReadResponse(int dataRemaining, ByteBuf data) {
    public static final int STRUCTURE_SIZE = 17;
    /** Length of the fixed part; the data starts here in the body. */
    public static final int FIXED_SIZE = 16;
    public static final int DATA_OFFSET = Smb2Header.SIZE + FIXED_SIZE;

    public int dataLength() { return data.readableBytes(); }

    public static ReadResponse decode(Smb2Body b) throws SmbException {
        b.require(FIXED_SIZE);
        return new ReadResponse(b.u32(8), b.slice(b.u8(2), Integer.toUnsignedLong(b.u32(4))));
    }

    public void encode(ByteBuf out) {
        encodeFixed(out, data.readableBytes(), dataRemaining);
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
        if (data.readableBytes() == 0) out.writeByte(0);
    }

    /** Writes the 16 fixed bytes for {@code dataLength} bytes of data that follow them. */
    public static void encodeFixed(ByteBuf out, int dataLength, int dataRemaining) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(DATA_OFFSET);
        out.writeByte(0);
        out.writeIntLE(dataLength);
        out.writeIntLE(dataRemaining);
        out.writeIntLE(0);
    }
}
