package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.AccessMask;
import dev.casmb.smb.state.Open;
import java.io.IOException;

/** SMB2 FLUSH (MS-SMB2 3.3.5.11): fsync of the file's data and metadata. */
public final class Flush implements CommandHandler {
    @Override public int structureSize() { return 24; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        Open o = req.open(8);
        if (!o.hasAccess(AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED);
        }
        try {
            if (o.channel != null) o.channel.force(true);
        } catch (IOException e) {
            throw Create.ioError(e);
        }
        return SmbResponse.ok(req.alloc().buffer(4).writeShortLE(4).writeShortLE(0));
    }
}
