package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.AccessMask;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;

/** SMB2 WRITE (MS-SMB2 3.3.5.13), including SMB2_WRITEFLAG_WRITE_THROUGH. */
public final class Write implements CommandHandler {
    public static final int FLAG_WRITE_THROUGH = 0x1;

    @Override public int structureSize() { return 49; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int dataOffset = req.u16(2);
        int length = req.u32(4);
        long offset = req.u64(8);
        Open o = req.open(16);
        int flags = req.u32(44);
        if (length < 0 || length > ServerConfig.DEFAULT_MAX_IO) throw new SmbException(NtStatus.INVALID_PARAMETER, "write too large");
        IoChecks.creditCharge(req, length);
        ByteBuf data = req.buffer(dataOffset, length);
        if (o.pipe != null) {
            byte[] bytes = new byte[length];
            data.getBytes(0, bytes);
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
            if ((flags & FLAG_WRITE_THROUGH) != 0 && !o.writeThrough() && !o.tree.share.continuouslyAvailable()) {
                o.channel.force(false);
            }
            o.position = pos;
            req.server().notifications().onWrite(o);
            return SmbResponse.ok(body(req, length));
        } catch (IOException e) {
            throw Create.ioError(e);
        }
    }

    private static ByteBuf body(SmbRequest req, int count) {
        ByteBuf b = req.alloc().buffer(16);
        b.writeShortLE(17);
        b.writeShortLE(0);
        b.writeIntLE(count);
        b.writeIntLE(0);
        b.writeShortLE(0);
        b.writeShortLE(0);
        return b;
    }
}
