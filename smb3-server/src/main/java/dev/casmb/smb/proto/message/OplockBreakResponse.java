package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 Oplock Break Response (MS-SMB2 2.2.25.1): StructureSize 24, OplockLevel, Reserved, Reserved2, FileId. */
public record OplockBreakResponse(int oplockLevel, FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;

    public static OplockBreakResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new OplockBreakResponse(b.u8(2), b.fileId(8));
    }

    public void encode(ByteBuf out) {
        OplockBreakAcknowledgment.encode(out, oplockLevel, fileId);
    }
}
