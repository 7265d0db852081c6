package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 CLOSE Request (MS-SMB2 2.2.15): StructureSize 24, Flags, Reserved, FileId. */
public record CloseRequest(int flags, FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;
    /** SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. */
    public static final int POSTQUERY_ATTRIB = 0x1;

    public boolean postQueryAttrib() { return (flags & POSTQUERY_ATTRIB) != 0; }

    public static CloseRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new CloseRequest(b.u16(2), b.fileId(8));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(flags);
        out.writeIntLE(0);
        fileId.encode(out);
    }
}
