package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 Lease Break Notification (MS-SMB2 2.2.23.2), sent unsolicited by the server (3.3.4.7): StructureSize 44,
 * NewEpoch, Flags, LeaseKey, CurrentLeaseState, NewLeaseState, BreakReason, AccessMaskHint, ShareMaskHint (the
 * last three reserved, 0).
 */
public record LeaseBreakNotification(int newEpoch, int flags, byte[] leaseKey, int currentLeaseState, int newLeaseState,
                                     int breakReason, int accessMaskHint, int shareMaskHint) {
    public static final int STRUCTURE_SIZE = 44;
    /** SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED. */
    public static final int FLAG_ACK_REQUIRED = 0x1;

    public LeaseBreakNotification {
        if (leaseKey.length != 16) throw new IllegalArgumentException("LeaseKey is 16 bytes");
        leaseKey = leaseKey.clone();
    }

    /** A break as the server sends it: BreakReason and the hints 0. */
    public LeaseBreakNotification(int newEpoch, boolean ackRequired, byte[] leaseKey, int currentLeaseState, int newLeaseState) {
        this(newEpoch, ackRequired ? FLAG_ACK_REQUIRED : 0, leaseKey, currentLeaseState, newLeaseState, 0, 0, 0);
    }

    @Override public byte[] leaseKey() { return leaseKey.clone(); }

    public static LeaseBreakNotification decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new LeaseBreakNotification(b.u16(2), b.u32(4), b.bytes(64 + 8, 16), b.u32(24), b.u32(28), b.u32(32),
            b.u32(36), b.u32(40));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(newEpoch);
        out.writeIntLE(flags);
        out.writeBytes(leaseKey);
        out.writeIntLE(currentLeaseState);
        out.writeIntLE(newLeaseState);
        out.writeIntLE(breakReason);
        out.writeIntLE(accessMaskHint);
        out.writeIntLE(shareMaskHint);
    }
}
