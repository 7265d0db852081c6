package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SMB2_CREATE_QUERY_MAXIMAL_ACCESS_REQUEST (MS-SMB2 2.2.13.2.5): empty, or an 8-byte Timestamp (FILETIME) that the
 * server ignores (it answers whatever the timestamp). {@code timestamp} is null for the empty form.
 */
public record MaximalAccessRequest(Long timestamp) {
    public byte[] encode() {
        if (timestamp == null) return new byte[0];
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(timestamp).array();
    }

    public static MaximalAccessRequest decode(byte[] data) throws SmbException {
        if (data.length == 0) return new MaximalAccessRequest(null);
        if (data.length != 8) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad MxAc request");
        return new MaximalAccessRequest(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }
}
