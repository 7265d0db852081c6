package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;

/** SMB2 ECHO (MS-SMB2 3.3.5.17); allowed without a session. */
public final class Echo implements CommandHandler {
    @Override public int structureSize() { return 4; }
    @Override public boolean needsSession() { return false; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) {
        return SmbResponse.ok(req.alloc().buffer(4).writeShortLE(4).writeShortLE(0));
    }
}
