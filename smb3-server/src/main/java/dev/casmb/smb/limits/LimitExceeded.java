package dev.casmb.smb.limits;

import dev.casmb.smb.proto.NtStatus;

/**
 * Thrown where a checked SmbException cannot be (e.g. from {@code SmbRequest.goAsync()}) when a
 * per-connection limit is reached; the dispatcher answers the request with {@link #status}.
 */
public final class LimitExceeded extends RuntimeException {
    public final int status;

    public LimitExceeded(String message) {
        super(message, null, false, false);
        this.status = NtStatus.INSUFFICIENT_RESOURCES;
    }
}
