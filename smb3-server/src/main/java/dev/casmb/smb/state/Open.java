package dev.casmb.smb.state;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** One open of a file or directory (MS-SMB2 3.3.1.10). */
public final class Open {
    public final long persistentId;
    public final long volatileId;
    /** Null while a durable open is disconnected. */
    public volatile TreeConnect tree;
    public volatile Session session;
    public final FileNode node;
    public final boolean directory;
    /** Null for directories and for opens without data access. */
    public volatile FileChannel channel;
    public final int grantedAccess;
    public final int shareAccess;
    public final int createOptions;
    public volatile int oplockLevel;
    /** The lease this open belongs to (MS-SMB2 Open.Lease), or null. */
    public volatile dev.casmb.smb.state.Lease lease;
    public volatile boolean deleteOnClose;
    public volatile long position;
    /** Directory enumeration state for QUERY_DIRECTORY; owned by that handler. */
    public volatile Object dirCursor;
    /** Set of CHANGE_NOTIFY state; owned by the server's notify.Notifications. */
    public volatile Object notifyState;
    /**
     * Open.LockSequenceArray (MS-SMB2 3.3.1.10): entries 1..64, -1 when invalid; made by LOCK on first use and guarded
     * by itself. Null until then.
     */
    public volatile int[] lockSequenceArray;
    public volatile boolean closed;
    /** Durable/persistent state, or null for an ordinary open (MS-SMB2 3.3.1.10 Open.IsDurable). */
    public volatile dev.casmb.smb.state.DurableState durable;
    /** Client that opened it, and its AppInstanceId (MS-SMB2 3.3.5.9.13), for CCF. */
    public volatile byte[] clientGuid;
    public volatile byte[] appInstanceId;
    public volatile long appInstanceVersionHigh;
    public volatile long appInstanceVersionLow;
    /** Open.ChannelSequence (MS-SMB2 3.3.5.2.10). */
    public volatile int channelSequence;
    /** Open.OutstandingRequestCount / OutstandingPreRequestCount (MS-SMB2 3.3.1.10); guarded by this. */
    public int outstandingRequestCount;
    public int outstandingPreRequestCount;
    /** Bumped whenever channelSequence advances, so that a finishing request knows which count it holds. */
    public long channelGeneration;
    /** The CreateAction of the CREATE that made this open, returned again for a replayed CREATE. */
    public volatile int createAction = 1;
    /** The DH2Q CreateGuid of the CREATE that made this open (replay detection), or null. */
    public volatile byte[] createGuid;
    /** The ClientGuid the replay-cache entry of {@link #createGuid} is filed under. */
    public volatile byte[] replayClientGuid;
    /** Set for IPC$ named-pipe opens. */
    public volatile dev.casmb.smb.ipc.NamedPipeService.NamedPipe pipe;
    /** The open's name relative to the share root; changes with a rename through any handle of its file. */
    public volatile String smbPath;
    /** FSCTL_LMR_REQUEST_RESILIENCY timeout in ms; 0 if the open is not resilient (MS-SMB2 3.3.5.15.9). */
    public volatile int resiliencyTimeoutMs;

    public Open(long persistentId, long volatileId, TreeConnect tree, FileNode node, boolean directory,
                int grantedAccess, int shareAccess, int createOptions, String smbPath) {
        this.persistentId = persistentId;
        this.volatileId = volatileId;
        this.tree = tree;
        this.session = tree == null ? null : tree.session;
        this.node = node;
        this.directory = directory;
        this.grantedAccess = grantedAccess;
        this.shareAccess = shareAccess;
        this.createOptions = createOptions;
        this.smbPath = smbPath;
    }

    public Path path() { return node.path; }

    public boolean writeThrough() { return (createOptions & 0x2) != 0; }

    public boolean hasAccess(int mask) { return (grantedAccess & mask) != 0; }
}
