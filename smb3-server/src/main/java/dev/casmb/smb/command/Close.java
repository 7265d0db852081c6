package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CloseRequest;
import dev.casmb.smb.proto.message.CloseResponse;
import dev.casmb.smb.proto.message.NetworkOpenInfo;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** SMB2 CLOSE (MS-SMB2 3.3.5.10), with SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. */
public final class Close implements CommandHandler {
    @Override public int structureSize() { return CloseRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        CloseRequest r = CloseRequest.decode(req.body());
        Open o = req.open(r.fileId());
        NetworkOpenInfo info = null;
        if (r.postQueryAttrib() && o.pipe == null) {
            try {
                info = o.tree.share.vfs().stat(o.path()).networkOpenInfo();
            } catch (IOException e) {
                info = null;
            }
        }
        try {
            // a persistent handle leaves the store before the reply: a CLOSE acknowledged is never undone by a takeover
            req.server().closeOpenDurably(o);
        } catch (IOException e) {
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "handle store: " + e.getMessage());
        }
        ByteBuf b = req.alloc().buffer(CloseResponse.STRUCTURE_SIZE);
        new CloseResponse(info != null ? CloseRequest.POSTQUERY_ATTRIB : 0, info).encode(b);
        return SmbResponse.ok(b);
    }
}
