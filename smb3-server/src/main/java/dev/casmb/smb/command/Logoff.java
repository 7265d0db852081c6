package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;

/** SMB2 LOGOFF (MS-SMB2 3.3.5.6). */
public final class Logoff implements CommandHandler {
    @Override public int structureSize() { return 4; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) {
        // Durable handles outlive a LOGOFF and can be reclaimed from a new session (Windows and Samba;
        // smbtorture durable-open.reopen4); other opens are closed.
        // A LOGOFF on any channel ends the session on all of them (MS-SMB2 3.3.5.6).
        req.server().disconnectSession(req.session());
        req.server().forgetSession(req.session());
        return SmbResponse.ok(req.alloc().buffer(4).writeShortLE(4).writeShortLE(0));
    }
}
