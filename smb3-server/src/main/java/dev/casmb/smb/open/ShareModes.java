package dev.casmb.smb.open;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.DurableState;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;

import static dev.casmb.smb.proto.message.CreateRequest.SHARE_DELETE;
import static dev.casmb.smb.proto.message.CreateRequest.SHARE_READ;
import static dev.casmb.smb.proto.message.CreateRequest.SHARE_WRITE;

/** Share-mode checks against a file's other opens (MS-FSA 2.1.5.1.2 "sharing violation"). */
public final class ShareModes {
    static final int DATA_BITS = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA
        | AccessMask.FILE_EXECUTE | AccessMask.DELETE;

    private ShareModes() {}

    /**
     * SHARING_VIOLATION if an open of {@code node} conflicts with {@code access}/{@code share}. A disconnected persistent
     * handle blocks (FILE_NOT_AVAILABLE) until reclaim or expiry; a disconnected durable one is closed and gives way
     * (MS-SMB2 3.3.5.9, 3.3.7.1).
     */
    public static void check(ServerContext server, FileNode node, int access, int share) throws SmbException {
        if ((access & DATA_BITS) == 0) return;
        for (Open o : node.opens) {
            if ((o.grantedAccess & DATA_BITS) == 0) continue;
            if (conflicts(o.grantedAccess, share) || conflicts(access, o.shareAccess)) {
                DurableState st = o.durable;
                if (st != null && st.isDisconnected()) {
                    if (st.persistent) throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "persistent handle awaiting reclaim");
                    server.closeOpen(o);
                    continue;
                }
                throw new SmbException(NtStatus.SHARING_VIOLATION);
            }
        }
    }

    private static boolean conflicts(int access, int share) {
        if ((access & (AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) != 0 && (share & SHARE_READ) == 0) return true;
        if ((access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) != 0 && (share & SHARE_WRITE) == 0) return true;
        return (access & AccessMask.DELETE) != 0 && (share & SHARE_DELETE) == 0;
    }
}
