package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 CLOSE Response (MS-SMB2 2.2.16): StructureSize 60, Flags, Reserved, then the network-open fields,
 * all zero unless Flags has SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB. A null {@code info} encodes as zeros.
 */
public record CloseResponse(int flags, NetworkOpenInfo info) {
    public static final int STRUCTURE_SIZE = 60;

    public static CloseResponse decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE);
        return new CloseResponse(b.u16(2), NetworkOpenInfo.get(b.message(), 64 + 8));
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(flags);
        out.writeIntLE(0);
        (info == null ? NetworkOpenInfo.ZERO : info).encode(out);
    }
}
