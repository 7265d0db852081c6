package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.TreeDisconnectRequest;
import dev.casmb.smb.proto.message.TreeDisconnectResponse;
import io.netty.buffer.ByteBuf;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.TreeConnect;

/** SMB2 TREE_DISCONNECT (MS-SMB2 3.3.5.8): closes the tree's opens. */
public final class TreeDisconnect implements CommandHandler {
    @Override public int structureSize() { return TreeDisconnectRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        TreeDisconnectRequest.decode(req.body());
        TreeConnect t = req.tree();
        for (Open o : req.session().opens.values()) {
            if (o.tree == t) req.server().closeOpen(o);
        }
        req.session().trees.remove(t.treeId);
        ByteBuf b = req.alloc().buffer(TreeDisconnectResponse.STRUCTURE_SIZE);
        new TreeDisconnectResponse().encode(b);
        return SmbResponse.ok(b);
    }
}
