package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 TREE_CONNECT Response (MS-SMB2 2.2.10): StructureSize 16, ShareType, Reserved, ShareFlags,
 * Capabilities, MaximalAccess.
 */
public record TreeConnectResponse(int shareType, int shareFlags, int capabilities, int maximalAccess) {
    public static final int STRUCTURE_SIZE = 16;
    public static final int SHARE_TYPE_DISK = 1;
    public static final int SHARE_TYPE_PIPE = 2;
    public static final int SHARE_TYPE_PRINT = 3;
    /** SMB2_SHAREFLAG_ENCRYPT_DATA. */
    public static final int SHAREFLAG_ENCRYPT_DATA = 0x8000;
    /** SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY, _CLUSTER, _ASYMMETRIC. */
    public static final int SHARE_CAP_CONTINUOUS_AVAILABILITY = 0x10, SHARE_CAP_CLUSTER = 0x40, SHARE_CAP_ASYMMETRIC = 0x80;

    public static TreeConnectResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new TreeConnectResponse(b.u8(2), b.u32(4), b.u32(8), b.u32(12));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeByte(shareType);
        out.writeByte(0);
        out.writeIntLE(shareFlags);
        out.writeIntLE(capabilities);
        out.writeIntLE(maximalAccess);
    }
}
