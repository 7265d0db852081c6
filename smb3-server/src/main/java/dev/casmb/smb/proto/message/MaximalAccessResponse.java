package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE (MS-SMB2 2.2.14.2.5): QueryStatus, MaximalAccess. */
public record MaximalAccessResponse(int queryStatus, int maximalAccess) {
    public static final int SIZE = 8;

    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(queryStatus).putInt(maximalAccess).array();
    }

    public CreateContext context() { return new CreateContext(CreateContext.MXAC, encode()); }

    public static MaximalAccessResponse decode(byte[] data) throws SmbException {
        if (data.length < SIZE) throw new SmbException(NtStatus.INVALID_PARAMETER, "short MxAc response");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return new MaximalAccessResponse(b.getInt(0), b.getInt(4));
    }
}
