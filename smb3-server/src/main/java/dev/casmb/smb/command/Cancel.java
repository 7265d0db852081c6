package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.message.CancelRequest;
import dev.casmb.smb.response.SmbResponse;

/**
 * SMB2 CANCEL (MS-SMB2 3.3.5.16): cancels the pending request its header names. It has no response and
 * consumes no credit, and its body is not checked ({@link #answered()} is false: the dispatcher runs it
 * before the credit window and the session lookup).
 */
public final class Cancel implements CommandHandler {
    @Override public int structureSize() { return CancelRequest.STRUCTURE_SIZE; }
    @Override public boolean needsSession() { return false; }
    @Override public boolean needsTree() { return false; }
    @Override public boolean answered() { return false; }

    /** Returns null: there is no response. */
    @Override
    public SmbResponse handle(SmbRequest req) {
        req.dispatcher().cancel(req.header);
        return null;
    }
}
