package dev.casmb.smb.proto;

import io.netty.buffer.ByteBuf;

/**
 * The 64-byte SMB2 packet header (MS-SMB2 2.2.1.1 sync / 2.2.1.2 async). Mutable so that a response
 * header can be derived from a request header and adjusted by the dispatcher.
 */
public final class Smb2Header {
    public static final int SIZE = 64;
    public static final int PROTOCOL_ID = 0x424D53FE; // 0xFE 'S' 'M' 'B' little-endian
    public static final int FLAG_SERVER_TO_REDIR = 0x00000001;
    public static final int FLAG_ASYNC = 0x00000002;
    public static final int FLAG_RELATED = 0x00000004;
    public static final int FLAG_SIGNED = 0x00000008;
    public static final int FLAG_PRIORITY_MASK = 0x00000070;
    public static final int FLAG_DFS = 0x10000000;
    public static final int FLAG_REPLAY = 0x20000000;
    public static final int SIGNATURE_OFFSET = 48;

    public int creditCharge;
    /** Status in responses; ChannelSequence (low 16 bits) in 3.x requests. */
    public int status;
    public int command;
    public int credits;
    public int flags;
    public int nextCommand;
    public long messageId;
    public long asyncId;
    public int treeId;
    public long sessionId;
    public final byte[] signature = new byte[16];

    public boolean isAsync() { return (flags & FLAG_ASYNC) != 0; }
    public boolean isRelated() { return (flags & FLAG_RELATED) != 0; }
    public boolean isSigned() { return (flags & FLAG_SIGNED) != 0; }
    public boolean isReplay() { return (flags & FLAG_REPLAY) != 0; }
    public int channelSequence() { return status & 0xFFFF; }

    /** Decodes a header at the reader index without moving it. The caller checks there are 64 bytes. */
    public static Smb2Header decode(ByteBuf buf, int at) {
        if (buf.getIntLE(at) != PROTOCOL_ID) {
            throw new IllegalArgumentException("not an SMB2 header");
        }
        if (buf.getUnsignedShortLE(at + 4) != SIZE) {
            throw new IllegalArgumentException("bad SMB2 header StructureSize");
        }
        Smb2Header h = new Smb2Header();
        h.creditCharge = buf.getUnsignedShortLE(at + 6);
        h.status = buf.getIntLE(at + 8);
        h.command = buf.getUnsignedShortLE(at + 12);
        h.credits = buf.getUnsignedShortLE(at + 14);
        h.flags = buf.getIntLE(at + 16);
        h.nextCommand = buf.getIntLE(at + 20);
        h.messageId = buf.getLongLE(at + 24);
        if (h.isAsync()) {
            h.asyncId = buf.getLongLE(at + 32);
        } else {
            h.treeId = buf.getIntLE(at + 36);
        }
        h.sessionId = buf.getLongLE(at + 40);
        buf.getBytes(at + 48, h.signature);
        return h;
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(PROTOCOL_ID);
        out.writeShortLE(SIZE);
        out.writeShortLE(creditCharge);
        out.writeIntLE(status);
        out.writeShortLE(command);
        out.writeShortLE(credits);
        out.writeIntLE(flags);
        out.writeIntLE(nextCommand);
        out.writeLongLE(messageId);
        if (isAsync()) {
            out.writeLongLE(asyncId);
        } else {
            out.writeIntLE(0);
            out.writeIntLE(treeId);
        }
        out.writeLongLE(sessionId);
        out.writeBytes(signature);
    }

    /** A response header for this request: same command, message id, session, tree. */
    public Smb2Header responseHeader() {
        Smb2Header r = new Smb2Header();
        r.command = command;
        r.messageId = messageId;
        r.sessionId = sessionId;
        r.treeId = treeId;
        r.creditCharge = creditCharge;
        r.flags = FLAG_SERVER_TO_REDIR | (flags & (FLAG_PRIORITY_MASK | FLAG_REPLAY));
        return r;
    }

    @Override
    public String toString() {
        return Smb2Command.name(command) + " mid=" + messageId + " sid=" + Long.toHexString(sessionId)
            + " tid=" + treeId + " flags=0x" + Integer.toHexString(flags);
    }
}
