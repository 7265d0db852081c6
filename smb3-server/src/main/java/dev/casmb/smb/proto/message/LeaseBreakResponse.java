package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 Lease Break Response (MS-SMB2 2.2.25.2): StructureSize 36, Reserved, Flags (0), LeaseKey, LeaseState,
 * LeaseDuration (0).
 */
public record LeaseBreakResponse(int flags, byte[] leaseKey, int leaseState, long leaseDuration) {
    public static final int STRUCTURE_SIZE = 36;

    public LeaseBreakResponse {
        if (leaseKey.length != 16) throw new IllegalArgumentException("LeaseKey is 16 bytes");
        leaseKey = leaseKey.clone();
    }

    /** The server's response: Flags and LeaseDuration 0. */
    public LeaseBreakResponse(byte[] leaseKey, int leaseState) {
        this(0, leaseKey, leaseState, 0);
    }

    @Override public byte[] leaseKey() { return leaseKey.clone(); }

    public static LeaseBreakResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new LeaseBreakResponse(b.u32(4), b.bytes(64 + 8, 16), b.u32(24), b.u64(28));
    }

    public void encode(ByteBuf out) {
        LeaseBreakAcknowledgment.encode(out, flags, leaseKey, leaseState, leaseDuration);
    }
}
