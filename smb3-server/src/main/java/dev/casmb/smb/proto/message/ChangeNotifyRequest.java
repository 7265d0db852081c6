package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 CHANGE_NOTIFY Request (MS-SMB2 2.2.35): StructureSize 32, Flags (SMB2_WATCH_TREE), OutputBufferLength,
 * FileId, CompletionFilter (FILE_NOTIFY_CHANGE_* bits), Reserved.
 */
public record ChangeNotifyRequest(int flags, int outputBufferLength, FileId fileId, int completionFilter, int reserved) {
    public static final int STRUCTURE_SIZE = 32;
    /** SMB2_WATCH_TREE. */
    public static final int WATCH_TREE = 0x1;

    public boolean watchTree() { return (flags & WATCH_TREE) != 0; }

    public static ChangeNotifyRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new ChangeNotifyRequest(b.u16(2), b.u32(4), b.fileId(8), b.u32(24), b.u32(28));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(flags);
        out.writeIntLE(outputBufferLength);
        fileId.encode(out);
        out.writeIntLE(completionFilter);
        out.writeIntLE(reserved);
    }
}
