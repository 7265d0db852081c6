package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SMB1 multi-protocol NEGOTIATE that clients send first (MS-SMB2 3.3.5.3). SMB1 itself is off:
 * if the client offers "SMB 2.???" we answer with an SMB2 NEGOTIATE response for dialect 0x02FF, if it
 * offers only "SMB 2.002" we answer 0x0202, otherwise the connection is dropped.
 */
public final class Smb1Negotiate {
    private Smb1Negotiate() {}

    /** Returns the SMB2 response message, or null to drop the connection. */
    public static ByteBuf handle(Dispatcher d, ByteBuf frame) {
        int at = frame.readerIndex();
        int len = frame.readableBytes();
        if (len < 35 || frame.getUnsignedByte(at + 4) != 0x72) return null;
        int byteCount = frame.getUnsignedShortLE(at + 33);
        int p = at + 35;
        int end = Math.min(at + len, p + byteCount);
        boolean wildcard = false;
        boolean smb2002 = false;
        while (p < end) {
            if (frame.getUnsignedByte(p) != 0x02) break;
            int z = frame.indexOf(p + 1, end, (byte) 0);
            if (z < 0) break;
            String dialect = frame.toString(p + 1, z - p - 1, StandardCharsets.US_ASCII);
            if (dialect.equals("SMB 2.???")) wildcard = true;
            if (dialect.equals("SMB 2.002")) smb2002 = true;
            p = z + 1;
        }
        if (!wildcard && !smb2002) return null;
        SmbConnection conn = d.connection();
        conn.credits.consume(0, 1);
        int granted = conn.credits.grant(1, 1);
        int dialect = wildcard ? Dialect.WILDCARD : Dialect.SMB_2_0_2;
        if (!wildcard) {
            conn.dialect = Dialect.SMB_2_0_2;
            conn.negotiated = true;
            conn.signingAlgorithm = dev.casmb.smb.crypto.SigningAlgorithm.HMAC_SHA256;
        }
        Smb2Header h = new Smb2Header();
        h.command = Smb2Command.NEGOTIATE;
        h.flags = Smb2Header.FLAG_SERVER_TO_REDIR;
        h.credits = granted;
        ByteBuf body = Negotiate.writeResponse(frame.alloc(), d.server(), dialect, 0, List.of());
        ByteBuf m = frame.alloc().buffer(64 + body.readableBytes());
        h.encode(m);
        m.writeBytes(body);
        body.release();
        return m;
    }
}
