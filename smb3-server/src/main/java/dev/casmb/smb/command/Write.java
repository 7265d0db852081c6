package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.WriteRequest;
import dev.casmb.smb.proto.message.WriteResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.VfsErrors;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * SMB2 WRITE (MS-SMB2 3.3.5.13), including SMB2_WRITEFLAG_WRITE_THROUGH. The data is written from the
 * request buffer (a view, never copied). The CreditCharge check is the command table's ({@link Commands}).
 */
public final class Write implements CommandHandler {
    public static final int FLAG_WRITE_THROUGH = WriteRequest.FLAG_WRITE_THROUGH;

    @Override public int structureSize() { return WriteRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        WriteRequest r = WriteRequest.decode(req.body());
        int length = r.length();
        long offset = r.offset();
        Open o = req.open(r.fileId());
        if (length > ServerConfig.DEFAULT_MAX_IO) throw new SmbException(NtStatus.INVALID_PARAMETER, "write too large");
        ByteBuf data = r.data();
        if (o.pipe != null) {
            byte[] bytes = new byte[length];
            data.getBytes(data.readerIndex(), bytes);
            o.pipe.write(bytes);
            return SmbResponse.ok(body(req, length));
        }
        if (o.directory) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        boolean append = offset == -1L;
        if (!o.hasAccess(AccessMask.FILE_WRITE_DATA) && !(o.hasAccess(AccessMask.FILE_APPEND_DATA))) {
            throw new SmbException(NtStatus.ACCESS_DENIED);
        }
        if (o.tree.share.readOnly()) throw new SmbException(NtStatus.ACCESS_DENIED);
        try {
            if (append || !o.hasAccess(AccessMask.FILE_WRITE_DATA)) offset = o.channel.size();
            if (offset < 0 || offset + length < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
            if (o.node.locks.conflictsWithIo(o, offset, length, true)) throw new SmbException(NtStatus.FILE_LOCK_CONFLICT);
            req.server().oplocks().breakLevelII(o.node, o);
            long pos = offset;
            for (ByteBuffer nb : data.nioBuffers()) {
                while (nb.hasRemaining()) pos += o.channel.write(nb, pos);
            }
            if (r.writeThrough() && !o.writeThrough() && !o.tree.share.continuouslyAvailable()) {
                o.channel.force(false);
            }
            o.position = pos;
            req.server().notifications().onWrite(o);
            return SmbResponse.ok(body(req, length));
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
    }

    private static ByteBuf body(SmbRequest req, int count) {
        ByteBuf b = req.alloc().buffer(WriteResponse.SIZE);
        new WriteResponse(count, 0).encode(b);
        return b;
    }
}
