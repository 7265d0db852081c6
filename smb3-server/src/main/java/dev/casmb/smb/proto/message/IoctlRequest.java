package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 IOCTL Request (MS-SMB2 2.2.31): StructureSize 57, Reserved, CtlCode, FileId, InputOffset,
 * InputCount, MaxInputResponse, OutputOffset, OutputCount, MaxOutputResponse, Flags, Reserved2, Buffer.
 * {@code input} and {@code output} are views of the request and lie inside it, so their counts are bounded
 * by the message; MaxInputResponse and MaxOutputResponse are unsigned 32-bit values kept as ints (bounded
 * by the handler). An offset with a zero count is meaningless (clients send 0 or 0x78) and encodes as 0.
 */
public record IoctlRequest(int ctlCode, FileId fileId, ByteBuf input, int maxInputResponse, ByteBuf output,
                           int maxOutputResponse, int flags) {
    public static final int STRUCTURE_SIZE = 57;
    /** SMB2_0_IOCTL_IS_FSCTL. */
    public static final int FLAG_IS_FSCTL = 0x1;
    /** The buffers follow the 56 fixed bytes. */
    public static final int BUFFER_OFFSET = Smb2Header.SIZE + 56;

    public static IoctlRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        ByteBuf input = b.slice(Integer.toUnsignedLong(b.u32(24)), Integer.toUnsignedLong(b.u32(28)));
        ByteBuf output = b.slice(Integer.toUnsignedLong(b.u32(36)), Integer.toUnsignedLong(b.u32(40)));
        return new IoctlRequest(b.u32(4), b.fileId(8), input, b.u32(32), output, b.u32(44), b.u32(48));
    }

    public void encode(ByteBuf out) {
        int in = input.readableBytes();
        int outCount = output.readableBytes();
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
        out.writeIntLE(ctlCode);
        fileId.encode(out);
        out.writeIntLE(in == 0 ? 0 : BUFFER_OFFSET);
        out.writeIntLE(in);
        out.writeIntLE(maxInputResponse);
        out.writeIntLE(outCount == 0 ? 0 : BUFFER_OFFSET + in);
        out.writeIntLE(outCount);
        out.writeIntLE(maxOutputResponse);
        out.writeIntLE(flags);
        out.writeIntLE(0);
        out.writeBytes(input, input.readerIndex(), in);
        out.writeBytes(output, output.readerIndex(), outCount);
        if (in == 0 && outCount == 0) out.writeByte(0);
    }
}
