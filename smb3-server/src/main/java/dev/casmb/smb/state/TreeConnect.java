package dev.casmb.smb.state;

import dev.casmb.smb.vfs.Share;

/** A tree connect: a session's connection to one share (MS-SMB2 3.3.1.9). */
public final class TreeConnect {
    public final int treeId;
    public final Session session;
    /** Null for IPC$. */
    public final Share share;
    public final int maximalAccess;

    public TreeConnect(int treeId, Session session, Share share, int maximalAccess) {
        this.treeId = treeId;
        this.session = session;
        this.share = share;
        this.maximalAccess = maximalAccess;
    }

    public boolean isIpc() { return share == null; }

    public boolean encryptData() { return share != null && share.encryptData(); }
}
