package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.TreeConnectRequest;
import dev.casmb.smb.proto.message.TreeConnectResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.TreeConnect;
import dev.casmb.smb.vfs.Share;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SMB2 TREE_CONNECT (MS-SMB2 3.3.5.7). */
public final class TreeConnectCmd implements CommandHandler {
    private static final Logger log = LoggerFactory.getLogger(TreeConnectCmd.class);
    public static final int SHARE_TYPE_DISK = TreeConnectResponse.SHARE_TYPE_DISK;
    public static final int SHARE_TYPE_PIPE = TreeConnectResponse.SHARE_TYPE_PIPE;
    public static final int SHAREFLAG_ENCRYPT_DATA = TreeConnectResponse.SHAREFLAG_ENCRYPT_DATA;
    public static final int SHARE_CAP_CONTINUOUS_AVAILABILITY = TreeConnectResponse.SHARE_CAP_CONTINUOUS_AVAILABILITY;
    public static final int SHARE_CAP_CLUSTER = TreeConnectResponse.SHARE_CAP_CLUSTER;
    public static final int SHARE_CAP_ASYMMETRIC = TreeConnectResponse.SHARE_CAP_ASYMMETRIC;

    @Override public int structureSize() { return TreeConnectRequest.STRUCTURE_SIZE; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        Session s = req.session();
        String path = TreeConnectRequest.decode(req.body()).path();
        if (path.length() > 512) throw new SmbException(NtStatus.BAD_NETWORK_NAME);
        // "\\server\share": the share is the component after the server name.
        String p = path.startsWith("\\\\") ? path.substring(2) : path;
        int slash = p.indexOf('\\');
        String shareName = slash >= 0 ? p.substring(slash + 1) : p;
        if (shareName.isEmpty() || shareName.contains("\\")) throw new SmbException(NtStatus.BAD_NETWORK_NAME);
        int maxTrees = req.server().limits().maxTreesPerSession();
        if (s.trees.size() >= maxTrees) {
            req.server().limitMetrics().hit(dev.casmb.smb.limits.LimitMetrics.Kind.TREES_PER_SESSION,
                req.connection().remote() + ": " + maxTrees + " tree connects in one session");
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many tree connects");
        }
        Share share = null;
        boolean ipc = shareName.equalsIgnoreCase("IPC$");
        if (!ipc) {
            try {
                share = req.server().awaitShare(shareName, 3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (share == null) throw new SmbException(NtStatus.BAD_NETWORK_NAME, "no share " + shareName);
            if (s.anonymous) throw new SmbException(NtStatus.ACCESS_DENIED, "anonymous access to a disk share");
        }
        if (share != null && share.encryptData() && s.transform == null) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "share requires encryption");
        }
        int maximal = AccessMask.FILE_ALL_ACCESS;
        if (share != null) {
            // the share ACL (allowedUsers/allowedGroups, read-only share or user): as Samba's "valid users",
            // a user the share does not admit gets ACCESS_DENIED here
            maximal = req.server().shareAccess(share, s);
            if (maximal == 0) {
                log.info("{}: {} refused on share {} ({})", req.connection().remote(), s.user, share.name(),
                    share.acl().describe());
                throw new SmbException(NtStatus.ACCESS_DENIED, "user not allowed on share " + share.name());
            }
        }
        TreeConnect t = new TreeConnect(s.allocateTreeId(), s, share, maximal);
        s.trees.put(t.treeId, t);
        req.setTree(t);
        int flags = 0;
        int caps = 0;
        if (share != null) {
            if (share.encryptData() && req.connection().isSmb3()) flags |= SHAREFLAG_ENCRYPT_DATA;
            if (share.continuouslyAvailable() && req.connection().isSmb3()) {
                caps |= SHARE_CAP_CONTINUOUS_AVAILABILITY;
                // Windows uses the witness only when the share is CA + CLUSTER (MS-SMB2 2.2.10).
                if (req.server().witnessEnabled()) {
                    caps |= SHARE_CAP_CLUSTER;
                    // the share's aggregate can be relocated to the partner while the LIFs stay: the client
                    // registers the share with the witness (RegisterEx ShareName) and follows SHARE_MOVE
                    if (req.connection().dialect >= 0x0302) caps |= SHARE_CAP_ASYMMETRIC;
                }
            }
        }
        log.debug("tree {} -> {}", t.treeId, ipc ? "IPC$" : share.name());
        ByteBuf b = req.alloc().buffer(TreeConnectResponse.STRUCTURE_SIZE);
        new TreeConnectResponse(ipc ? SHARE_TYPE_PIPE : SHARE_TYPE_DISK, flags, caps, maximal).encode(b);
        return SmbResponse.ok(b);
    }
}
