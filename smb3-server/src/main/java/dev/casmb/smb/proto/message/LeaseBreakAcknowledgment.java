package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 Lease Break Acknowledgment (MS-SMB2 2.2.24.2): StructureSize 36, Reserved, Flags, LeaseKey, LeaseState,
 * LeaseDuration. The whole 36 bytes must be present.
 */
public record LeaseBreakAcknowledgment(int flags, byte[] leaseKey, int leaseState, long leaseDuration) {
    public static final int STRUCTURE_SIZE = 36;

    public LeaseBreakAcknowledgment {
        if (leaseKey.length != 16) throw new IllegalArgumentException("LeaseKey is 16 bytes");
        leaseKey = leaseKey.clone();
    }

    @Override public byte[] leaseKey() { return leaseKey.clone(); }

    public static LeaseBreakAcknowledgment decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new LeaseBreakAcknowledgment(b.u32(4), b.bytes(64 + 8, 16), b.u32(24), b.u64(28));
    }

    public void encode(ByteBuf out) {
        encode(out, flags, leaseKey, leaseState, leaseDuration);
    }

    /** The 36-byte layout the acknowledgment and the response share (MS-SMB2 2.2.24.2, 2.2.25.2). */
    static void encode(ByteBuf out, int flags, byte[] leaseKey, int leaseState, long leaseDuration) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
        out.writeIntLE(flags);
        out.writeBytes(leaseKey);
        out.writeIntLE(leaseState);
        out.writeLongLE(leaseDuration);
    }
}
