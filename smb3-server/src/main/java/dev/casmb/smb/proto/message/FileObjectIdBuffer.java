package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * FILE_OBJECTID_BUFFER (MS-FSCC 2.1.3.1), the output of FSCTL_GET_OBJECT_ID and
 * FSCTL_CREATE_OR_GET_OBJECT_ID: ObjectId, BirthVolumeId, BirthObjectId, DomainId, 16 bytes each.
 */
public record FileObjectIdBuffer(byte[] objectId, byte[] birthVolumeId, byte[] birthObjectId, byte[] domainId) {
    public static final int SIZE = 64;

    public static FileObjectIdBuffer decode(byte[] in) throws SmbException {
        ByteBuf b = Unpooled.wrappedBuffer(in);
        FsctlBuffers.require(b, SIZE);
        byte[][] ids = new byte[4][16];
        for (int i = 0; i < 4; i++) b.getBytes(16 * i, ids[i]);
        return new FileObjectIdBuffer(ids[0], ids[1], ids[2], ids[3]);
    }

    public void encode(ByteBuf out) {
        out.writeBytes(objectId, 0, 16);
        out.writeBytes(birthVolumeId, 0, 16);
        out.writeBytes(birthObjectId, 0, 16);
        out.writeBytes(domainId, 0, 16);
    }

    public byte[] toBytes() { return FsctlBuffers.bytes(this::encode); }
}
