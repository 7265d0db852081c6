package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 QUERY_INFO Request (MS-SMB2 2.2.37): StructureSize 41, InfoType, FileInfoClass, OutputBufferLength,
 * InputBufferOffset, Reserved, InputBufferLength, AdditionalInformation, Flags, FileId, and the input buffer (quota
 * and full-EA queries only; kept as its length, as the server answers those classes without reading it). The
 * request is encoded with an empty input buffer.
 */
public record QueryInfoRequest(int infoType, int infoClass, int outputBufferLength, int inputBufferOffset,
                               int inputBufferLength, int additionalInformation, int flags, FileId fileId) {
    public static final int STRUCTURE_SIZE = 41;
    /** InfoType (MS-SMB2 2.2.37). */
    public static final int INFO_FILE = 1, INFO_FILESYSTEM = 2, INFO_SECURITY = 3, INFO_QUOTA = 4;

    public static QueryInfoRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new QueryInfoRequest(b.u8(2), b.u8(3), b.u32(4), b.u16(8), b.u32(12), b.u32(16), b.u32(20), b.fileId(24));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(infoType);
        out.writeByte(infoClass);
        out.writeIntLE(outputBufferLength);
        out.writeShortLE(inputBufferOffset);
        out.writeShortLE(0);
        out.writeIntLE(inputBufferLength);
        out.writeIntLE(additionalInformation);
        out.writeIntLE(flags);
        fileId.encode(out);
    }
}
