package dev.casmb.smb.dispatch;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.state.TreeConnect;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One command being processed. {@link #msg()} holds the whole SMB2 message with index 0 at the header,
 * so that the offsets in SMB2 structures (which count from the header) can be used directly.
 */
public final class SmbRequest implements dev.casmb.smb.response.DeferrableRequest {
    private final Dispatcher dispatcher;
    public final Smb2Header header;
    private final ByteBuf msg;
    private final CompoundContext compound;
    public final boolean encrypted;
    Session session;
    TreeConnect tree;
    AsyncOp async;
    Consumer<byte[]> responseBytesHook;
    /** Signs this response instead of the session's key on this connection (binding in progress). */
    dev.casmb.smb.crypto.MessageSigner responseSigner;
    /** Session id to put in the response header (SESSION_SETUP sets a new one). */
    long responseSessionId;

    SmbRequest(Dispatcher dispatcher, Smb2Header header, ByteBuf msg, CompoundContext compound, boolean encrypted) {
        this.dispatcher = dispatcher;
        this.header = header;
        this.msg = msg;
        this.compound = compound;
        this.encrypted = encrypted;
        this.responseSessionId = header.sessionId;
    }

    public Dispatcher dispatcher() { return dispatcher; }
    public ServerContext server() { return dispatcher.server(); }
    public SmbConnection connection() { return dispatcher.connection(); }
    public ByteBuf msg() { return msg; }
    /** The message through the bounds-checked reader the {@code proto.message} codecs decode from. */
    public dev.casmb.smb.proto.Smb2Body body() { return dev.casmb.smb.proto.Smb2Body.of(msg); }
    public Session session() { return session; }
    public TreeConnect tree() { return tree; }
    @Override
    public ByteBufAllocator alloc() { return msg.alloc(); }
    public int length() { return msg.readableBytes(); }

    public void setSession(Session s) {
        this.session = s;
        this.responseSessionId = s == null ? 0 : s.sessionId;
    }

    /**
     * Signs the response with {@code m} (a session binding: its interim responses with Session.SigningKey,
     * its final one with the new Channel.SigningKey, MS-SMB2 3.3.5.5.3); null for the default.
     */
    public void signResponseWith(dev.casmb.smb.crypto.MessageSigner m) { this.responseSigner = m; }

    /** Makes later related requests in the compound use this tree. */
    public void setTree(TreeConnect t) {
        this.tree = t;
        compound.treeId = t == null ? 0 : t.treeId;
    }

    /** Called with the encoded response message (header + body) before it is sent (preauth hash). */
    public void onResponseBytes(Consumer<byte[]> hook) { this.responseBytesHook = hook; }

    public byte[] rawBytes() {
        byte[] b = new byte[msg.readableBytes()];
        msg.getBytes(0, b);
        return b;
    }

    /** A bounds-checked view of [offset, offset+length) counted from the header. */
    public ByteBuf buffer(int offset, int length) throws SmbException {
        if (length == 0) return msg.slice(0, 0);
        if (offset < 0 || length < 0 || offset + length > msg.readableBytes() || offset + length < 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "buffer out of bounds");
        }
        return msg.slice(offset, length);
    }

    public String utf16(int offset, int length) throws SmbException {
        if ((length & 1) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "odd UTF-16 length");
        return buffer(offset, length).toString(StandardCharsets.UTF_16LE);
    }

    public int u16(int bodyOffset) { return msg.getUnsignedShortLE(Smb2Header.SIZE + bodyOffset); }
    public int u8(int bodyOffset) { return msg.getUnsignedByte(Smb2Header.SIZE + bodyOffset); }
    public int u32(int bodyOffset) { return msg.getIntLE(Smb2Header.SIZE + bodyOffset); }
    public long u64(int bodyOffset) { return msg.getLongLE(Smb2Header.SIZE + bodyOffset); }

    /**
     * Resolves the FileId at a body offset to an open of this session and tree (MS-SMB2 3.3.5.2.7:
     * in a related compound, all-ones means the FileId from the previous CREATE).
     */
    public Open open(int bodyOffset) throws SmbException {
        return open(dev.casmb.smb.proto.FileId.get(msg, Smb2Header.SIZE + bodyOffset));
    }

    /** Resolves a decoded FileId as {@link #open(int)} does. */
    public Open open(dev.casmb.smb.proto.FileId id) throws SmbException {
        long persistent = id.persistent();
        long vol = id.volatileId();
        if (id.isRelated() && header.isRelated()) {
            if (compound.fileIdStatus != 0) throw new SmbException(compound.fileIdStatus);
            if (compound.open == null) throw new SmbException(NtStatus.FILE_CLOSED);
            return checkOpen(compound.open);
        }
        Open o = session == null ? null : session.opens.get(vol);
        if (o == null || o.persistentId != persistent) throw new SmbException(NtStatus.FILE_CLOSED);
        return checkOpen(o);
    }

    private Open checkOpen(Open o) throws SmbException {
        if (o.closed) throw new SmbException(NtStatus.FILE_CLOSED);
        if (tree != null && o.tree != tree) throw new SmbException(NtStatus.FILE_CLOSED);
        checkChannelSequence(o);
        if (o.createGuid != null && header.command != dev.casmb.smb.proto.Smb2Command.CREATE) server().durable().replayForget(o);
        compound.open = o;
        return o;
    }

    /** The open whose outstanding-request counts this request holds (MS-SMB2 3.3.5.2.10), or null. */
    private Open seqOpen;
    private long seqGeneration;

    /**
     * MS-SMB2 3.3.5.2.10 Verifying the Channel Sequence Number, on 3.x: a request whose ChannelSequence
     * equals Open.ChannelSequence counts as outstanding; a newer one (16-bit wrap-around, as the spec's
     * unsigned difference of at most 0x7FFF) makes the outstanding requests "pre" requests and becomes
     * the open's sequence. A replayed request (SMB2_FLAGS_REPLAY_OPERATION) may do either only while no
     * pre request is outstanding. Otherwise WRITE, SET_INFO and IOCTL (which modify the file) fail with
     * STATUS_FILE_NOT_AVAILABLE - a request replayed from a failed channel must not overtake one that
     * already went out on the new channel - and other commands proceed without being counted.
     */
    private void checkChannelSequence(Open o) throws SmbException {
        if (!connection().isSmb3() || seqOpen == o) return;
        int cmd = header.command;
        boolean modifies = cmd == dev.casmb.smb.proto.Smb2Command.WRITE || cmd == dev.casmb.smb.proto.Smb2Command.SET_INFO
            || cmd == dev.casmb.smb.proto.Smb2Command.IOCTL;
        int seq = header.channelSequence();
        boolean replay = header.isReplay();
        synchronized (o) {
            short diff = (short) (seq - o.channelSequence);
            boolean mayCount = !replay || o.outstandingPreRequestCount == 0;
            if (diff == 0 && mayCount) {
                o.outstandingRequestCount++;
            } else if (diff > 0 && mayCount) {
                o.outstandingPreRequestCount += o.outstandingRequestCount;
                o.outstandingRequestCount = 1;
                o.channelSequence = seq;
                o.channelGeneration++;
            } else if (modifies) {
                throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "stale ChannelSequence");
            } else {
                return;
            }
            seqOpen = o;
            seqGeneration = o.channelGeneration;
        }
    }

    /** The request is answered: it is no longer outstanding on its open (MS-SMB2 3.3.4.1 / 3.3.5.2.10). */
    void releaseChannelCount() {
        Open o = seqOpen;
        if (o == null) return;
        seqOpen = null;
        synchronized (o) {
            if (seqGeneration == o.channelGeneration) {
                if (o.outstandingRequestCount > 0) o.outstandingRequestCount--;
            } else if (o.outstandingPreRequestCount > 0) {
                o.outstandingPreRequestCount--;
            }
        }
    }

    /** The CreateGuid of a DH2Q CREATE this request has marked in progress (replay cache), or null. */
    public byte[] pendingCreateGuid;

    /** The open later related requests use (the last CREATE's), or null. */
    public Open compoundOpen() { return compound.open; }

    /** Makes later related requests use this open (CREATE). */
    public void setCompoundOpen(Open o) {
        compound.open = o;
        compound.fileIdStatus = 0;
    }

    /** Starts async processing: the dispatcher sends an interim STATUS_PENDING. */
    @Override
    public AsyncOp goAsync() {
        if (async == null) async = dispatcher.registerAsync(this);
        return async;
    }

    public AsyncOp asyncOp() { return async; }

}
