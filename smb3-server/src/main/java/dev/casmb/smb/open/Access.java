package dev.casmb.smb.open;

import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.TreeConnect;

import static dev.casmb.smb.proto.message.CreateRequest.OVERWRITE;
import static dev.casmb.smb.proto.message.CreateRequest.OVERWRITE_IF;
import static dev.casmb.smb.proto.message.CreateRequest.SUPERSEDE;

/** The access checks of an open (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1.2.1). */
public final class Access {
    private Access() {}

    /**
     * The share's MaximalAccess for the session's current user (the ACL is evaluated on every CREATE,
     * not only at TREE_CONNECT, so that re-authentication as another user cannot keep the first
     * user's rights); ACCESS_DENIED if that user may no longer use the share.
     */
    public static int maximal(SmbRequest req, TreeConnect tree) throws SmbException {
        int maximal = req.server().shareAccess(tree.share, req.session()) & tree.maximalAccess;
        if (maximal == 0) throw new SmbException(NtStatus.ACCESS_DENIED, "user not allowed on share " + tree.share.name());
        return maximal;
    }

    /** The access granted for {@code desired} (generic rights mapped, MAXIMUM_ALLOWED expanded) within {@code maximal}. */
    public static int granted(int maximal, int desired, boolean exists, int disposition) throws SmbException {
        int d = AccessMask.mapGeneric(desired);
        if ((desired & AccessMask.MAXIMUM_ALLOWED) != 0) d |= maximal;
        d &= ~AccessMask.MAXIMUM_ALLOWED;
        if ((d & AccessMask.ACCESS_SYSTEM_SECURITY) != 0) throw new SmbException(NtStatus.PRIVILEGE_NOT_HELD);
        boolean writes = !exists || disposition == OVERWRITE || disposition == OVERWRITE_IF || disposition == SUPERSEDE;
        boolean readOnly = (maximal & AccessMask.FILE_WRITE_DATA) == 0;
        if (readOnly) {
            if ((d & AccessMask.WRITE_BITS) != 0 || writes) throw new SmbException(NtStatus.ACCESS_DENIED, "read-only share");
        }
        if ((d & ~maximal) != 0) throw new SmbException(NtStatus.ACCESS_DENIED);
        return d;
    }

    /**
     * Access an open of an existing file implies by its disposition (MS-FSA 2.1.5.1.2.1): FILE_OVERWRITE(_IF) writes
     * (FILE_WRITE_DATA, FILE_WRITE_EA, FILE_WRITE_ATTRIBUTES), FILE_SUPERSEDE replaces (DELETE) and, as this server
     * supersedes by truncating the file in place, writes too.
     */
    public static int implied(boolean exists, int disposition) {
        if (!exists) return 0;
        int write = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_WRITE_EA | AccessMask.FILE_WRITE_ATTRIBUTES;
        return switch (disposition) {
            case OVERWRITE, OVERWRITE_IF -> write;
            case SUPERSEDE -> write | AccessMask.DELETE;
            default -> 0;
        };
    }
}
