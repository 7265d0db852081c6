package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.FileMeta;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** SMB2 CLOSE (MS-SMB2 3.3.5.10), with SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. */
public final class Close implements CommandHandler {
    public static final int POSTQUERY_ATTRIB = 0x1;

    @Override public int structureSize() { return 24; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int flags = req.u16(2);
        Open o = req.open(8);
        FileMeta meta = null;
        if ((flags & POSTQUERY_ATTRIB) != 0 && o.pipe == null) {
            try {
                meta = FileMeta.read(o.path());
            } catch (IOException e) {
                meta = null;
            }
        }
        try {
            // a persistent handle leaves the store before the reply: a CLOSE acknowledged is never undone by a takeover
            req.server().closeOpenDurably(o);
        } catch (IOException e) {
            throw new SmbException(dev.casmb.smb.proto.NtStatus.INSUFFICIENT_RESOURCES, "handle store: " + e.getMessage());
        }
        ByteBuf b = req.alloc().buffer(60);
        b.writeShortLE(60);
        b.writeShortLE(meta != null ? POSTQUERY_ATTRIB : 0);
        b.writeIntLE(0);
        if (meta != null) {
            meta.writeNetworkOpenFields(b);
        } else {
            b.writeZero(52);
        }
        return SmbResponse.ok(b);
    }
}
