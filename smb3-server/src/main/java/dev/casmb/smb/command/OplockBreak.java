package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.lease.LeaseBreakMessage;
import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.oplock.Oplocks;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 OPLOCK_BREAK acknowledgements: oplock (StructureSize 24, MS-SMB2 2.2.24.1, 3.3.5.22.1) and
 * lease (StructureSize 36, 2.2.24.2, 3.3.5.22.2).
 */
public final class OplockBreak implements CommandHandler {
    static final int LEASE_ACK_SIZE = 36;

    @Override public int structureSize() { return 24; }

    @Override public boolean acceptsStructureSize(int value) { return value == 24 || value == LEASE_ACK_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        if (req.u16(0) == LEASE_ACK_SIZE) return leaseAck(req);
        int level = req.u8(2);
        Open o = req.open(8);
        switch (Oplocks.acknowledge(o, level)) {
            case NOT_BREAKING -> throw new SmbException(NtStatus.INVALID_OPLOCK_PROTOCOL, "no break outstanding");
            case BAD_LEVEL -> throw new SmbException(level == Oplocks.LEVEL_II || level == Oplocks.NONE
                ? NtStatus.INVALID_OPLOCK_PROTOCOL : NtStatus.INVALID_PARAMETER, "bad acknowledged level");
            default -> { }
        }
        // a persistent handle's record carries its oplock level: durable before the acknowledgement's reply
        if (o.durable != null && o.durable.persistent) {
            try {
                req.server().durable().persist(o);
            } catch (java.io.IOException e) {
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "oplock level could not be made durable");
            }
        }
        ByteBuf b = req.alloc().buffer(24);
        b.writeShortLE(24);
        b.writeByte(o.oplockLevel);
        b.writeByte(0);
        b.writeIntLE(0);
        b.writeBytes(req.msg(), 64 + 8, 16);
        return SmbResponse.ok(b);
    }

    /** Lease Break Acknowledgment: Reserved(2) Flags(4) LeaseKey(16) LeaseState(4) LeaseDuration(8). */
    private static SmbResponse leaseAck(SmbRequest req) throws SmbException {
        req.buffer(64, LEASE_ACK_SIZE); // the whole body must be there
        byte[] key = new byte[16];
        ByteBuf k = req.buffer(64 + 8, 16);
        k.getBytes(k.readerIndex(), key);
        int state = req.u32(24);
        int acked = Leases.acknowledge(req.connection().clientGuid, key, state);
        ByteBuf b = req.alloc().buffer(LEASE_ACK_SIZE);
        LeaseBreakMessage.encodeAckResponse(b, key, acked);
        return SmbResponse.ok(b);
    }
}
