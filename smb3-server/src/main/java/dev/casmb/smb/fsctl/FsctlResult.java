package dev.casmb.smb.fsctl;

/**
 * The outcome of an FSCTL: a status and an output buffer. A non-success status with {@code output}
 * non-null is sent as a full IOCTL response carrying that output (MS-SMB2 3.3.4.4: e.g. the copychunk
 * limits with STATUS_INVALID_PARAMETER, partial pipe data with STATUS_BUFFER_OVERFLOW).
 */
public record FsctlResult(int status, byte[] output) {
    public static final byte[] EMPTY = new byte[0];

    public static FsctlResult ok(byte[] output) { return new FsctlResult(0, output); }

    public static FsctlResult ok() { return new FsctlResult(0, EMPTY); }
}
