package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SMB2_CREATE_ALLOCATION_SIZE ("AlSi", MS-SMB2 2.2.13.2.6): the AllocationSize a new file should get. The server
 * ignores it (allocation is the local file system's, MS-FSA 2.1.5.1.1 allows that) but decodes it for the record.
 */
public record AllocationSizeRequest(long allocationSize) {
    public static AllocationSizeRequest decode(byte[] d) throws SmbException {
        if (d.length != 8) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad AlSi length");
        return new AllocationSizeRequest(ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    public byte[] encode() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(allocationSize).array();
    }
}
