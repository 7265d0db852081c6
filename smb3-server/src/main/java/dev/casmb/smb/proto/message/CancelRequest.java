package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 CANCEL Request (MS-SMB2 2.2.30): StructureSize 4, Reserved. It names the request to cancel only
 * through its header (MessageId, or AsyncId with SMB2_FLAGS_ASYNC_COMMAND) and has no response; the
 * dispatcher does not decode its body (3.3.5.16).
 */
public record CancelRequest() {
    public static final int STRUCTURE_SIZE = 4;

    public static CancelRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new CancelRequest();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(0);
    }
}
