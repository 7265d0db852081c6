package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 Oplock Break Acknowledgment (MS-SMB2 2.2.24.1): StructureSize 24, OplockLevel, Reserved, Reserved2,
 * FileId. (The lease acknowledgment shares the command and is told apart by its StructureSize 36:
 * {@link LeaseBreakAcknowledgment}.)
 */
public record OplockBreakAcknowledgment(int oplockLevel, FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;

    public static OplockBreakAcknowledgment decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new OplockBreakAcknowledgment(b.u8(2), b.fileId(8));
    }

    public void encode(ByteBuf out) {
        encode(out, oplockLevel, fileId);
    }

    /** The 24-byte layout the notification, acknowledgment and response share (MS-SMB2 2.2.23.1, 2.2.24.1, 2.2.25.1). */
    static void encode(ByteBuf out, int oplockLevel, FileId fileId) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(oplockLevel);
        out.writeByte(0);
        out.writeIntLE(0);
        fileId.encode(out);
    }
}
