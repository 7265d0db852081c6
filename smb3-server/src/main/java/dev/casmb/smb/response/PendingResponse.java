package dev.casmb.smb.response;

/**
 * A request that went async (MS-SMB2 3.3.4.2), as components below the dispatcher see it: completed once, later,
 * from any thread. The dispatcher's {@code AsyncOp} implements it.
 */
public interface PendingResponse {
    /** Runs {@code r} instead of failing with STATUS_CANCELLED when the request is cancelled or abandoned. */
    void onCancel(Runnable r);

    /** Sends {@code response} as the final response; false (body released) if already completed. */
    boolean complete(SmbResponse response);

    /** Completes with an error response. */
    boolean fail(int status);
}
