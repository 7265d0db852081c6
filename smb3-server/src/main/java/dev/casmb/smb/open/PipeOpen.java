package dev.casmb.smb.open;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.ipc.NamedPipeService;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CreateResponse;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.TreeConnect;
import dev.casmb.smb.vfs.FileMeta;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** An open of a named pipe on IPC$ (MS-SMB2 3.3.5.9: the pipe name, with or without a leading "\pipe\"). */
final class PipeOpen {
    private PipeOpen() {}

    static OpenResult open(SmbRequest req, String name, int desired, int shareAccess) throws SmbException {
        String lower = name.toLowerCase(Locale.ROOT);
        final String pipe = lower.startsWith("\\pipe\\") ? lower.substring(6) : lower;
        // Non-TCP transports (in-memory test channels) have no socket address: the pipe sees null.
        NamedPipeService.NamedPipe np = req.server().pipes().open(pipe, req.session().user,
            inet(req.connection().channel.remoteAddress()), inet(req.connection().channel.localAddress()))
            .orElseThrow(() -> new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no pipe " + name));
        TreeConnect tree = req.tree();
        ServerContext server = req.server();
        // A key no share path can equal (never touched on disk): each pipe instance is its own node.
        Path key = Path.of("/dev/null", "casmb-pipe", pipe, Long.toString(server.opens().newVolatileId()));
        Open open = server.opens().withNode(key, node -> {
            Open o = new Open(server.opens().newPersistentId(), server.opens().newVolatileId(), tree, node, false,
                AccessMask.mapGeneric(desired) & ~AccessMask.MAXIMUM_ALLOWED, shareAccess, 0, pipe);
            node.opens.add(o);
            return o;
        });
        open.pipe = np;
        server.opens().register(open);
        req.session().opens.put(open.volatileId, open);
        req.setCompoundOpen(open);
        FileMeta meta = new FileMeta(0, 0, 0, 0, 0, 4096, FileMeta.ATTR_NORMAL, 0, 1, false);
        return new OpenResult(open, 0, CreateResponse.OPENED, meta, List.of());
    }

    private static java.net.InetSocketAddress inet(java.net.SocketAddress a) {
        return a instanceof java.net.InetSocketAddress i ? i : null;
    }
}
