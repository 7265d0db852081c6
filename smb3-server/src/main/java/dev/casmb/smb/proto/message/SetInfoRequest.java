package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 SET_INFO Request (MS-SMB2 2.2.39): StructureSize 33, InfoType, FileInfoClass, BufferLength, BufferOffset,
 * Reserved, AdditionalInformation, FileId, and the buffer (encoded right after the fixed part, offset 96).
 */
public record SetInfoRequest(int infoType, int infoClass, int additionalInformation, FileId fileId, byte[] buffer) {
    public static final int STRUCTURE_SIZE = 33;
    /** Largest buffer decoded: a rename target of 32767 UTF-16 characters fits (larger: INVALID_PARAMETER). */
    public static final int MAX_BUFFER = 128 * 1024;
    private static final int BUFFER_OFFSET = 64 + 32;

    public static SetInfoRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        int len = b.u32(4);
        if (len < 0 || len > MAX_BUFFER) throw new SmbException(NtStatus.INVALID_PARAMETER, "input too large");
        return new SetInfoRequest(b.u8(2), b.u8(3), b.u32(12), b.fileId(16), b.bytes(b.u16(8), len));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(infoType);
        out.writeByte(infoClass);
        out.writeIntLE(buffer.length);
        out.writeShortLE(BUFFER_OFFSET);
        out.writeShortLE(0);
        out.writeIntLE(additionalInformation);
        fileId.encode(out);
        if (buffer.length == 0) out.writeByte(0);
        else out.writeBytes(buffer);
    }
}
