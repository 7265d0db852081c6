package dev.casmb.smb.oplock;

import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The server-initiated Oplock Break Notification (MS-SMB2 2.2.23.1, 3.3.4.6): an unsolicited message
 * with MessageId 0xFFFFFFFFFFFFFFFF, SessionId 0 and TreeId 0, never signed.
 */
public final class OplockBreakMessage {
    private OplockBreakMessage() {}

    public static ByteBuf encode(ByteBufAllocator alloc, long persistentId, long volatileId, int level) {
        Smb2Header h = new Smb2Header();
        h.command = Smb2Command.OPLOCK_BREAK;
        h.flags = Smb2Header.FLAG_SERVER_TO_REDIR;
        h.messageId = -1L;
        ByteBuf b = alloc.buffer(Smb2Header.SIZE + 24);
        h.encode(b);
        b.writeShortLE(24);
        b.writeByte(level);
        b.writeByte(0);
        b.writeIntLE(0);
        b.writeLongLE(persistentId);
        b.writeLongLE(volatileId);
        return b;
    }
}
