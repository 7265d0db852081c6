package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 IOCTL Response (MS-SMB2 2.2.32): StructureSize 49, Reserved, CtlCode, FileId (as the request sent
 * it), InputOffset, InputCount, OutputOffset, OutputCount, Flags, Reserved2, Buffer. This server echoes no
 * input: InputOffset and OutputOffset are both 0x70 (the buffer after the 48 fixed bytes), and empty output
 * is sent as one padding byte.
 */
public record IoctlResponse(int ctlCode, FileId fileId, byte[] output) {
    public static final int STRUCTURE_SIZE = 49;
    public static final int BUFFER_OFFSET = Smb2Header.SIZE + 48;

    public static IoctlResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new IoctlResponse(b.u32(4), b.fileId(8),
            b.bytes(Integer.toUnsignedLong(b.u32(32)), Integer.toUnsignedLong(b.u32(36))));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
        out.writeIntLE(ctlCode);
        fileId.encode(out);
        out.writeIntLE(BUFFER_OFFSET);
        out.writeIntLE(0);
        out.writeIntLE(BUFFER_OFFSET);
        out.writeIntLE(output.length);
        out.writeIntLE(0);
        out.writeIntLE(0);
        out.writeBytes(output);
        if (output.length == 0) out.writeByte(0);
    }
}
