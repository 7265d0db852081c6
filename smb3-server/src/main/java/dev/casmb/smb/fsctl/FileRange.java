package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;

/**
 * The two 64-bit fields of FILE_ZERO_DATA_INFORMATION (MS-FSCC 2.3.69: FileOffset, BeyondFinalZero) and of
 * FILE_ALLOCATED_RANGE_BUFFER (2.3.52: FileOffset, Length), the payloads of FSCTL_SET_ZERO_DATA and
 * FSCTL_QUERY_ALLOCATED_RANGES (input, and each output entry).
 */
public record FileRange(long offset, long second) {
    public static final int SIZE = 16;

    /** The first 16 bytes of an FSCTL input; shorter is INVALID_PARAMETER. */
    public static FileRange decode(byte[] in) throws SmbException {
        if (in.length < SIZE) throw new SmbException(NtStatus.INVALID_PARAMETER);
        return new FileRange(Le.u64(in, 0), Le.u64(in, 8));
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        Le.put64(b, 0, offset);
        Le.put64(b, 8, second);
        return b;
    }
}
