package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.NetworkResiliencyRequest;

/**
 * FSCTL_LMR_REQUEST_RESILIENCY (MS-SMB2 2.2.31.3, 3.3.5.15.9): marks the open resilient, so that it
 * survives a disconnect for the requested time. The timeout is kept on the Open; the durable-handle
 * machinery decides what to do with it.
 */
final class Resiliency implements FsctlHandler {
    /** MaxResiliencyTimeout (MS-SMB2 3.3.1.5), as Windows: 5 minutes. */
    public static final int MAX_TIMEOUT_MS = 300_000;
    /** Timeout used when the client asks for 0 (Windows: 2 minutes). */
    public static final int DEFAULT_TIMEOUT_MS = 120_000;

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        if (r.smb().connection().dialect == Dialect.SMB_2_0_2) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        long timeout = NetworkResiliencyRequest.decode(r.input()).timeoutMs();
        if (timeout > MAX_TIMEOUT_MS) throw new SmbException(NtStatus.INVALID_PARAMETER, "resiliency timeout too long");
        if (r.open().pipe != null || r.open().directory) throw new SmbException(NtStatus.INVALID_PARAMETER);
        r.open().resiliencyTimeoutMs = timeout == 0 ? DEFAULT_TIMEOUT_MS : (int) timeout;
        return FsctlResult.ok();
    }
}
