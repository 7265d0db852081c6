package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.oplock.Oplocks;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 OPLOCK_BREAK acknowledgement (MS-SMB2 2.2.24.1, 3.3.5.22.1). Lease break acknowledgements
 * (StructureSize 36) are not supported yet: the dispatcher's StructureSize check answers them with
 * STATUS_INVALID_PARAMETER.
 */
public final class OplockBreak implements CommandHandler {
    @Override public int structureSize() { return 24; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int level = req.u8(2);
        Open o = req.open(8);
        switch (Oplocks.acknowledge(o, level)) {
            case NOT_BREAKING -> throw new SmbException(NtStatus.INVALID_OPLOCK_PROTOCOL, "no break outstanding");
            case BAD_LEVEL -> throw new SmbException(level == Oplocks.LEVEL_II || level == Oplocks.NONE
                ? NtStatus.INVALID_OPLOCK_PROTOCOL : NtStatus.INVALID_PARAMETER, "bad acknowledged level");
            default -> { }
        }
        ByteBuf b = req.alloc().buffer(24);
        b.writeShortLE(24);
        b.writeByte(o.oplockLevel);
        b.writeByte(0);
        b.writeIntLE(0);
        b.writeBytes(req.msg(), 64 + 8, 16);
        return SmbResponse.ok(b);
    }
}
