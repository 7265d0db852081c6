package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.LogoffRequest;
import dev.casmb.smb.proto.message.LogoffResponse;
import dev.casmb.smb.response.SmbResponse;
import io.netty.buffer.ByteBuf;

/** SMB2 LOGOFF (MS-SMB2 3.3.5.6). */
public final class Logoff implements CommandHandler {
    @Override public int structureSize() { return LogoffRequest.STRUCTURE_SIZE; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        LogoffRequest.decode(req.body());
        // Durable handles outlive a LOGOFF and can be reclaimed from a new session (Windows and Samba;
        // smbtorture durable-open.reopen4); other opens are closed.
        // A LOGOFF on any channel ends the session on all of them (MS-SMB2 3.3.5.6).
        req.server().disconnectSession(req.session());
        req.server().forgetSession(req.session());
        ByteBuf b = req.alloc().buffer(LogoffResponse.STRUCTURE_SIZE);
        new LogoffResponse().encode(b);
        return SmbResponse.ok(b);
    }
}
