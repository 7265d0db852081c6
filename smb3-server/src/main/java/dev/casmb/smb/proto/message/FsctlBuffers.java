package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Helpers for the FSCTL input and output buffers (MS-SMB2 2.2.31.x, 2.2.32.x; MS-FSCC 2.3.x). */
final class FsctlBuffers {
    private FsctlBuffers() {}

    static void require(ByteBuf in, int n) throws SmbException {
        if (in.readableBytes() < n) throw new SmbException(NtStatus.INVALID_PARAMETER, "FSCTL buffer shorter than " + n);
    }

    /** The bytes {@code writer} encodes. */
    static byte[] bytes(java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf b = Unpooled.buffer();
        writer.accept(b);
        return ByteBufUtil.getBytes(b);
    }
}
