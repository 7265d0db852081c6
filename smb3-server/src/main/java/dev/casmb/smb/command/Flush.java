package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.FlushRequest;
import dev.casmb.smb.proto.message.FlushResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.VfsErrors;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** SMB2 FLUSH (MS-SMB2 3.3.5.11): fsync of the file's data and metadata. */
public final class Flush implements CommandHandler {
    @Override public int structureSize() { return FlushRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        Open o = req.open(FlushRequest.decode(req.body()).fileId());
        if (!o.hasAccess(AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED);
        }
        try {
            if (o.channel != null) o.channel.force(true);
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
        ByteBuf b = req.alloc().buffer(FlushResponse.STRUCTURE_SIZE);
        new FlushResponse().encode(b);
        return SmbResponse.ok(b);
    }
}
