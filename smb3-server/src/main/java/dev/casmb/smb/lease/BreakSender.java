package dev.casmb.smb.lease;

import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.message.LeaseBreakNotification;
import dev.casmb.smb.proto.message.OplockBreakNotification;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that sends the server's unsolicited break notifications (MS-SMB2 3.3.4.6 oplock, 3.3.4.7 lease).
 * Both are an OPLOCK_BREAK with the SERVER_TO_REDIRECTOR flag, MessageId 0xFFFFFFFFFFFFFFFF and SessionId, TreeId,
 * credits and signature all zero (never signed); each is encrypted with its open's session key when that session
 * or the open's share requires encryption. Which connection carries it differs:
 * <ul>
 * <li>an oplock break goes on the open's own connection while that is up, else on another channel of its session;
 * <li>a lease break goes, like Windows, on the client's oldest live connection (smbtorture lease.v2_complex1
 *     checks the transport), unless it is encrypted: then on the connection chosen for the open.
 * </ul>
 * One per server ({@code ServerContext.breaks()}): it reads the server's connection list.
 */
public final class BreakSender {
    private static final Logger log = LoggerFactory.getLogger(BreakSender.class);
    private final Map<SmbConnection, Boolean> connections;

    /** {@code connections}: the server's live connection set ({@code ServerContext.connections()}). */
    public BreakSender(Map<SmbConnection, Boolean> connections) {
        this.connections = connections;
    }

    /** Sends an Oplock Break Notification for {@code o}, whose breaks go to {@code owner}; nothing if no channel is up. */
    public void oplockBreak(Open o, SmbConnection owner, OplockBreakNotification n) {
        SmbConnection d = SmbConnection.liveFor(o, owner);
        if (d == null) return;
        ByteBuf msg = encode(d.channel.alloc(), n);
        if (encrypts(o)) {
            msg = encrypt(o.session, msg, "oplock");
            if (msg == null) return;
        }
        d.dispatcher.write(msg);
    }

    /**
     * Sends a Lease Break Notification for a lease of {@code clientGuid} through its open {@code o}, whose live
     * connection is {@code d} (see {@link SmbConnection#liveFor}).
     */
    public void leaseBreak(Open o, SmbConnection d, byte[] clientGuid, LeaseBreakNotification n) {
        ByteBuf msg = encode(d.channel.alloc(), n);
        boolean encrypt = encrypts(o);
        if (!encrypt) {
            SmbConnection oldest = null;
            for (SmbConnection c : connections.keySet()) {
                if (!c.channel.isActive() || !Arrays.equals(c.clientGuid, clientGuid)) continue;
                if (oldest == null || c.connectionId < oldest.connectionId) oldest = c;
            }
            if (oldest != null && oldest != d) {
                writeFramed(oldest, msg);
                return;
            }
        } else {
            msg = encrypt(o.session, msg, "lease");
            if (msg == null) return;
        }
        d.dispatcher.write(msg);
    }

    /** The open's session encrypts, or its share requires it. */
    private static boolean encrypts(Open o) {
        Session s = o.session;
        return s != null && s.transform != null && (s.encryptData || (o.tree != null && o.tree.encryptData()));
    }

    /** The whole Oplock Break Notification message: header and body, as sent unencrypted. */
    public static ByteBuf encode(ByteBufAllocator alloc, OplockBreakNotification n) {
        return frame(alloc, OplockBreakNotification.STRUCTURE_SIZE, n::encode);
    }

    /** The whole Lease Break Notification message: header and body, as sent unencrypted. */
    public static ByteBuf encode(ByteBufAllocator alloc, LeaseBreakNotification n) {
        return frame(alloc, LeaseBreakNotification.STRUCTURE_SIZE, n::encode);
    }

    /** The unsolicited OPLOCK_BREAK header (MS-SMB2 2.2.23) followed by the notification body. */
    private static ByteBuf frame(ByteBufAllocator alloc, int bodySize, Consumer<ByteBuf> body) {
        Smb2Header h = new Smb2Header();
        h.command = Smb2Command.OPLOCK_BREAK;
        h.flags = Smb2Header.FLAG_SERVER_TO_REDIR;
        h.messageId = -1L;
        ByteBuf b = alloc.buffer(Smb2Header.SIZE + bodySize);
        h.encode(b);
        body.accept(b);
        return b;
    }

    /** The message in a TRANSFORM_HEADER under the session's key; null (message released) if that failed. */
    private static ByteBuf encrypt(Session s, ByteBuf msg, String what) {
        try {
            return s.transform.encrypt(msg.alloc(), msg, s.sessionId);
        } catch (java.security.GeneralSecurityException e) {
            log.warn("cannot encrypt {} break: {}", what, e.toString());
            return null;
        } finally {
            msg.release();
        }
    }

    /** One SMB message with its 4-byte session-service header (MS-SMB2 2.1), as {@code Dispatcher.write}. */
    private static void writeFramed(SmbConnection c, ByteBuf msg) {
        ByteBuf hdr = msg.alloc().buffer(4);
        hdr.writeInt(msg.readableBytes() & 0x00FFFFFF);
        c.channel.writeAndFlush(msg.alloc().compositeBuffer(2).addComponents(true, hdr, msg));
    }
}
