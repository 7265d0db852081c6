package dev.casmb.smb.response;

import io.netty.buffer.ByteBufAllocator;

/**
 * A request as components below the dispatcher see it when they may answer it later (CHANGE_NOTIFY): its
 * connection's allocator, and going async. The dispatcher's {@code SmbRequest} implements it.
 */
public interface DeferrableRequest {
    ByteBufAllocator alloc();

    /** Goes async (STATUS_PENDING interim response); the same op on a second call. */
    PendingResponse goAsync();
}
