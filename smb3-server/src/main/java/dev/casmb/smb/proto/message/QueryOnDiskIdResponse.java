package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SMB2_CREATE_QUERY_ON_DISK_ID response (MS-SMB2 2.2.14.2.9): DiskFileId (8), VolumeId (8), Reserved (16). The request
 * ("QFid", 2.2.13.2.9) carries no data.
 */
public record QueryOnDiskIdResponse(long diskFileId, long volumeId) {
    public static final int SIZE = 32;

    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(diskFileId).putLong(volumeId).array();
    }

    public CreateContext context() { return new CreateContext(CreateContext.QFID, encode()); }

    public static QueryOnDiskIdResponse decode(byte[] data) throws SmbException {
        if (data.length < SIZE) throw new SmbException(NtStatus.INVALID_PARAMETER, "short QFid response");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return new QueryOnDiskIdResponse(b.getLong(0), b.getLong(8));
    }
}
