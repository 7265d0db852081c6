package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;

/** SMB2 CHANGE_NOTIFY: not implemented yet. */
public final class ChangeNotify implements CommandHandler {
    @Override public int structureSize() { return 32; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        throw new SmbException(NtStatus.NOT_SUPPORTED);
    }

    /** Completes pending notifications of a closing directory handle with STATUS_NOTIFY_CLEANUP. */
    public static void onClose(Open o) {
    }
}
