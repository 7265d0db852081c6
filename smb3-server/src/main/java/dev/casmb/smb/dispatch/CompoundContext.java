package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.state.Open;

/**
 * What one request of a compound hands to the next (MS-SMB2 3.3.5.2.7.2, Handling Compounded Related
 * Requests): the SessionId, TreeId and FileId "used in processing the previous operation or generated
 * for the previous resulting response".
 * <ul>
 * <li>A chain whose first request is marked related is invalid: it and every related request after it
 *     fail with STATUS_INVALID_PARAMETER ({@link #poisoned}).</li>
 * <li>An unrelated request starts afresh: the FileId of an earlier request is not inherited across it,
 *     so a related all-ones FileId after a failed unrelated request is STATUS_FILE_CLOSED (smbtorture
 *     smb2.compound.invalid3; Samba clears its chained fsp on every unrelated request).</li>
 * <li>The SessionId passes on only if the previous request established one: when it failed to, a related
 *     request that needs a session fails with STATUS_INVALID_PARAMETER (smbtorture
 *     smb2.compound.invalid2), and so does every related request after it.</li>
 * </ul>
 * Confined to one compound; read and written by the connection's event loop, and by an async CREATE's
 * completion (which happens-before the rest of the compound resumes on the event loop).
 */
public final class CompoundContext {
    /** SessionId established by the previous request, 0 if it established none. */
    long sessionId;
    int treeId;
    /** The previous request's open (contained or generated), or null. */
    Open open;
    /** Nonzero: the status of a failed CREATE, which related requests naming the all-ones FileId get. */
    int fileIdStatus;
    /** The first request of the chain was marked related. */
    boolean poisoned;

    /** Called before request number {@code index} (0-based) of the chain is processed. */
    void begin(Smb2Header h, int index) {
        if (index == 0 && h.isRelated()) {
            // MS-SMB2 3.3.5.2.7.2: a first request marked related has no previous state; it and the
            // related requests after it fail with STATUS_INVALID_PARAMETER.
            fileIdStatus = NtStatus.INVALID_PARAMETER;
            poisoned = true;
        } else if (index > 0 && !h.isRelated()) {
            open = null;
            fileIdStatus = 0;
        }
    }

    /** True if request {@code index} takes its SessionId (and TreeId) from the previous request. */
    static boolean inherits(Smb2Header h, int index) {
        return index > 0 && h.isRelated();
    }

    /** The previous request's SessionId (0: it established none) - and forgets it until this request sets one. */
    long takeSessionId() {
        long s = sessionId;
        sessionId = 0;
        return s;
    }

    /** This request has established (found, validated or created) session {@code id}. */
    void sessionEstablished(long id) {
        sessionId = id;
    }

    /** A CREATE finished (synchronously or after going async) with {@code status}. */
    void createFinished(int status) {
        if (status != NtStatus.SUCCESS) {
            fileIdStatus = status;
            open = null;
        }
    }

    public Open open() { return open; }
}
