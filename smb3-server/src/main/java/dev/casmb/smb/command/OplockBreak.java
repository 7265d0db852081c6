package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.lease.Oplocks;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.LeaseBreakAcknowledgment;
import dev.casmb.smb.proto.message.LeaseBreakResponse;
import dev.casmb.smb.proto.message.OplockBreakAcknowledgment;
import dev.casmb.smb.proto.message.OplockBreakResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 OPLOCK_BREAK acknowledgements: oplock (StructureSize 24, MS-SMB2 2.2.24.1, 3.3.5.22.1) and
 * lease (StructureSize 36, 2.2.24.2, 3.3.5.22.2), told apart by their StructureSize.
 */
public final class OplockBreak implements CommandHandler {
    @Override public int structureSize() { return OplockBreakAcknowledgment.STRUCTURE_SIZE; }

    @Override public boolean acceptsStructureSize(int value) {
        return value == OplockBreakAcknowledgment.STRUCTURE_SIZE || value == LeaseBreakAcknowledgment.STRUCTURE_SIZE;
    }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        if (req.body().u16(0) == LeaseBreakAcknowledgment.STRUCTURE_SIZE) return leaseAck(req);
        OplockBreakAcknowledgment ack = OplockBreakAcknowledgment.decode(req.body());
        int level = ack.oplockLevel();
        Open o = req.open(ack.fileId());
        switch (req.server().oplocks().acknowledge(o, level)) {
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
        ByteBuf b = req.alloc().buffer(OplockBreakResponse.STRUCTURE_SIZE);
        new OplockBreakResponse(o.oplockLevel, ack.fileId()).encode(b);
        return SmbResponse.ok(b);
    }

    /** Lease Break Acknowledgment: the whole 36-byte body must be there. */
    private static SmbResponse leaseAck(SmbRequest req) throws SmbException {
        LeaseBreakAcknowledgment ack = LeaseBreakAcknowledgment.decode(req.body());
        byte[] key = ack.leaseKey();
        int acked = req.server().leases().acknowledge(req.connection().clientGuid, key, ack.leaseState());
        ByteBuf b = req.alloc().buffer(LeaseBreakResponse.STRUCTURE_SIZE);
        new LeaseBreakResponse(key, acked).encode(b);
        return SmbResponse.ok(b);
    }
}
