package dev.casmb.smb.proto;

/** A command failed with an NTSTATUS; the dispatcher turns it into an SMB2 ERROR response. */
public class SmbException extends Exception {
    private final int status;

    public SmbException(int status) {
        this(status, NtStatus.name(status));
    }

    public SmbException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
