package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;

/** SMB2 OplockBreak: not implemented yet. */
public final class OplockBreak implements CommandHandler {
    @Override public int structureSize() { return 24; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        throw new SmbException(NtStatus.NOT_SUPPORTED);
    }
}
