package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * SMB2 QUERY_DIRECTORY Request (MS-SMB2 2.2.33): StructureSize 33, FileInformationClass, Flags, FileIndex, FileId,
 * FileNameOffset, FileNameLength, OutputBufferLength, and the search pattern (UTF-16LE, right after the fixed part).
 * An empty pattern decodes as "" (the handler reads it as "*").
 */
public record QueryDirectoryRequest(int infoClass, int flags, int fileIndex, FileId fileId, String pattern, int outputBufferLength) {
    public static final int STRUCTURE_SIZE = 33;
    /** Flags (MS-SMB2 2.2.33). */
    public static final int RESTART_SCANS = 0x01, RETURN_SINGLE_ENTRY = 0x02, INDEX_SPECIFIED = 0x04, REOPEN = 0x10;
    private static final int NAME_OFFSET = 64 + 32;

    public static QueryDirectoryRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        int nameLen = b.u16(26);
        String pattern = nameLen == 0 ? "" : b.utf16(b.u16(24), nameLen);
        return new QueryDirectoryRequest(b.u8(2), b.u8(3), b.u32(4), b.fileId(8), pattern, b.u32(28));
    }

    public void encode(ByteBuf out) {
        byte[] n = pattern.getBytes(StandardCharsets.UTF_16LE);
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(infoClass);
        out.writeByte(flags);
        out.writeIntLE(fileIndex);
        fileId.encode(out);
        out.writeShortLE(NAME_OFFSET);
        out.writeShortLE(n.length);
        out.writeIntLE(outputBufferLength);
        if (n.length == 0) out.writeByte(0);
        else out.writeBytes(n);
    }
}
