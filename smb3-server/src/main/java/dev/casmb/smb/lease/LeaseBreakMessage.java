package dev.casmb.smb.lease;

import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Lease Break Notification (MS-SMB2 2.2.23.2, 3.3.4.7): unsolicited OPLOCK_BREAK with MessageId -1,
 * SessionId 0, TreeId 0, StructureSize 44.
 */
public final class LeaseBreakMessage {
    /** Flags: the client must acknowledge the break (set when breaking from a state with W or H). */
    public static final int FLAG_ACK_REQUIRED = 0x1;
    public static final int SIZE = 44;

    private LeaseBreakMessage() {}

    public static ByteBuf encode(ByteBufAllocator alloc, int newEpoch, int flags, byte[] leaseKey, int current, int next) {
        Smb2Header h = new Smb2Header();
        h.command = Smb2Command.OPLOCK_BREAK;
        h.flags = Smb2Header.FLAG_SERVER_TO_REDIR;
        h.messageId = -1L;
        ByteBuf b = alloc.buffer(Smb2Header.SIZE + SIZE);
        h.encode(b);
        b.writeShortLE(SIZE);
        b.writeShortLE(newEpoch);
        b.writeIntLE(flags);
        b.writeBytes(leaseKey, 0, 16);
        b.writeIntLE(current);
        b.writeIntLE(next);
        b.writeIntLE(0); // BreakReason
        b.writeIntLE(0); // AccessMaskHint
        b.writeIntLE(0); // ShareMaskHint
        return b;
    }

    /** LEASE_BREAK acknowledgement response body (MS-SMB2 2.2.25.2), StructureSize 36. */
    public static void encodeAckResponse(ByteBuf b, byte[] leaseKey, int state) {
        b.writeShortLE(36);
        b.writeShortLE(0);
        b.writeIntLE(0);
        b.writeBytes(leaseKey, 0, 16);
        b.writeIntLE(state);
        b.writeLongLE(0);
    }
}
