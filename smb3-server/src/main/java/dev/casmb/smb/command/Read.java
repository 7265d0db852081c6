package dev.casmb.smb.command;

import dev.casmb.smb.buffer.LargeBuffers;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.ReadRequest;
import dev.casmb.smb.proto.message.ReadResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.VfsErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;

/**
 * SMB2 READ (MS-SMB2 3.3.5.12). File data goes from the file channel straight into the response body
 * buffer (a reused direct buffer for large reads, {@link LargeBuffers}), after the fixed part that
 * {@link ReadResponse#encodeFixed} writes in place: no copy. The CreditCharge check is the command
 * table's ({@link Commands}).
 */
public final class Read implements CommandHandler {
    @Override public int structureSize() { return ReadRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        ReadRequest r = ReadRequest.decode(req.body());
        int length = r.length();
        long offset = r.offset();
        Open o = req.open(r.fileId());
        int minimum = r.minimumCount();
        if (length < 0 || length > ServerConfig.DEFAULT_MAX_IO) throw new SmbException(NtStatus.INVALID_PARAMETER, "read too large");
        if (o.pipe != null) {
            byte[] data = o.pipe.read(length);
            // Message-mode pipe: a partial read of a longer message is BUFFER_OVERFLOW (MS-SMB2 3.3.5.12).
            int status = o.pipe.remaining() > 0 ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS;
            return SmbResponse.of(status, body(req, data));
        }
        if (o.directory) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        // a handle opened for execute may be read too (Windows; smbtorture smb2.read.access)
        if (!o.hasAccess(AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) throw new SmbException(NtStatus.ACCESS_DENIED);
        if (offset < 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (o.node.locks.conflictsWithIo(o, offset, length, false)) throw new SmbException(NtStatus.FILE_LOCK_CONFLICT);
        try {
            long size = o.channel.size();
            if (offset >= size) {
                if (length == 0 && minimum == 0 && offset == size) return SmbResponse.ok(body(req, new byte[0]));
                throw new SmbException(NtStatus.END_OF_FILE);
            }
            int n = (int) Math.min(length, size - offset);
            if (n < minimum) throw new SmbException(NtStatus.END_OF_FILE);
            ByteBuf b = LargeBuffers.directBuffer(req.alloc(), ReadResponse.FIXED_SIZE + n);
            b.writerIndex(ReadResponse.FIXED_SIZE);
            int got = 0;
            while (got < n) {
                int k = b.writeBytes(o.channel, offset + got, n - got);
                if (k <= 0) break;
                got += k;
            }
            // the fixed part in front of the data just read, written in place
            ReadResponse.encodeFixed(b.duplicate().clear(), got, 0);
            o.position = offset + got;
            return SmbResponse.ok(b);
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
    }

    /** A response whose data is in memory (a pipe read, an empty read). */
    private static ByteBuf body(SmbRequest req, byte[] data) {
        ByteBuf b = req.alloc().buffer(ReadResponse.FIXED_SIZE + data.length);
        new ReadResponse(0, Unpooled.wrappedBuffer(data)).encode(b);
        return b;
    }
}
