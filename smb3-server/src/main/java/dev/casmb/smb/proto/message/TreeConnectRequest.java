package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * SMB2 TREE_CONNECT Request (MS-SMB2 2.2.9): StructureSize 9, Flags (Reserved before 3.1.1), PathOffset,
 * PathLength, then the UTF-16LE share path ("\\server\share"). The 3.1.1 tree connect extension
 * (SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT, 2.2.9.1) is not decoded: the path is read where PathOffset
 * points, as for every other request.
 */
public record TreeConnectRequest(int flags, String path) {
    public static final int STRUCTURE_SIZE = 9;
    /** SMB2_TREE_CONNECT_FLAG_CLUSTER_RECONNECT, _REDIRECT_TO_OWNER, _EXTENSION_PRESENT (2.2.9). */
    public static final int FLAG_CLUSTER_RECONNECT = 0x1, FLAG_REDIRECT_TO_OWNER = 0x2, FLAG_EXTENSION_PRESENT = 0x4;
    /** The path follows the 8 fixed bytes. */
    static final int PATH_OFFSET = Smb2Header.SIZE + 8;

    public static TreeConnectRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        return new TreeConnectRequest(b.u16(2), b.utf16(b.u16(4), b.u16(6)));
    }

    public void encode(ByteBuf out) {
        byte[] p = path.getBytes(StandardCharsets.UTF_16LE);
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(flags);
        out.writeShortLE(PATH_OFFSET);
        out.writeShortLE(p.length);
        out.writeBytes(p);
        if (p.length == 0) out.writeByte(0);
    }
}
