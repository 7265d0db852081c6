package dev.casmb.smb.state;

import io.netty.buffer.ByteBuf;

/**
 * Sends one whole SMB2 message on a connection, in order with that connection's responses: the connection's
 * dispatcher, as seen from the data model ({@link SmbConnection#dispatcher}). Used for unsolicited messages sent
 * from another connection's thread (oplock and lease breaks, MS-SMB2 3.3.4.6/7).
 */
public interface MessageSender {
    /** Writes {@code msg} (header and body; released by the sender) with its 4-byte session-service header. */
    void write(ByteBuf msg);
}
