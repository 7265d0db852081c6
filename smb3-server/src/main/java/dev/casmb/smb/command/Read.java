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

/** SMB2 READ (MS-SMB2 3.3.5.12). Data goes from the file channel straight into the response buffer. */
public final class Read implements CommandHandler {
    @Override public int structureSize() { return 49; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int length = req.u32(4);
        long offset = req.u64(8);
        Open o = req.open(16);
        int minimum = req.u32(32);
        if (length < 0 || length > ServerConfig.DEFAULT_MAX_IO) throw new SmbException(NtStatus.INVALID_PARAMETER, "read too large");
        IoChecks.creditCharge(req, length);
        if (o.pipe != null) {
            byte[] data = o.pipe.read(length);
            // Message-mode pipe: a partial read of a longer message is BUFFER_OVERFLOW (MS-SMB2 3.3.5.12).
            int status = o.pipe.remaining() > 0 ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS;
            return SmbResponse.of(status, body(req, data.length, b -> b.writeBytes(data)));
        }
        if (o.directory) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        // a handle opened for execute may be read too (Windows; smbtorture smb2.read.access)
        if (!o.hasAccess(AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (offset < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (o.node.locks.conflictsWithIo(o, offset, length, false)) throw new SmbException(NtStatus.FILE_LOCK_CONFLICT);
        try {
            long size = o.channel.size();
            if (offset >= size) {
                if (length == 0 && minimum == 0 && offset == size) return SmbResponse.ok(body(req, 0, b -> { }));
                throw new SmbException(NtStatus.END_OF_FILE);
            }
            int n = (int) Math.min(length, size - offset);
            if (n < minimum) throw new SmbException(NtStatus.END_OF_FILE);
            ByteBuf b = dev.casmb.smb.transport.LargeBuffers.directBuffer(req.alloc(), 16 + n);
            b.writeShortLE(17);
            b.writeByte(80);
            b.writeByte(0);
            int lenAt = b.writerIndex();
            b.writeIntLE(n);
            b.writeIntLE(0);
            b.writeIntLE(0);
            int got = 0;
            while (got < n) {
                int r = b.writeBytes(o.channel, offset + got, n - got);
                if (r <= 0) break;
                got += r;
            }
            b.setIntLE(lenAt, got);
            o.position = offset + got;
            return SmbResponse.ok(b);
        } catch (IOException e) {
            throw Create.ioError(e);
        }
    }

    private static ByteBuf body(SmbRequest req, int n, java.util.function.Consumer<ByteBuf> data) {
        ByteBuf b = req.alloc().buffer(16 + n);
        b.writeShortLE(17);
        b.writeByte(80);
        b.writeByte(0);
        b.writeIntLE(n);
        b.writeIntLE(0);
        b.writeIntLE(0);
        data.accept(b);
        if (n == 0) b.writeByte(0);
        return b;
    }
}
