package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/** SMB2 FLUSH Request (MS-SMB2 2.2.17): StructureSize 24, Reserved1 (2), Reserved2 (4), FileId. */
public record FlushRequest(FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;

    public static FlushRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new FlushRequest(b.fileId(8));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
        out.writeIntLE(0);
        fileId.encode(out);
    }
}
