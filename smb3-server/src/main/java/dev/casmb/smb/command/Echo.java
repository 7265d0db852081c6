package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.EchoRequest;
import dev.casmb.smb.proto.message.EchoResponse;
import dev.casmb.smb.response.SmbResponse;
import io.netty.buffer.ByteBuf;

/** SMB2 ECHO (MS-SMB2 3.3.5.17); allowed without a session. */
public final class Echo implements CommandHandler {
    @Override public int structureSize() { return EchoRequest.STRUCTURE_SIZE; }
    @Override public boolean needsSession() { return false; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        EchoRequest.decode(req.body());
        ByteBuf b = req.alloc().buffer(EchoResponse.STRUCTURE_SIZE);
        new EchoResponse().encode(b);
        return SmbResponse.ok(b);
    }
}
