package dev.casmb.smb.command;

import dev.casmb.smb.crypto.SigningAlgorithm;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.Smb1NegotiateRequest;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The SMB1 multi-protocol NEGOTIATE that clients send first (MS-SMB2 3.3.5.3). SMB1 itself is off:
 * if the client offers "SMB 2.???" we answer with an SMB2 NEGOTIATE response for dialect 0x02FF, if it
 * offers only "SMB 2.002" we answer 0x0202, otherwise the connection is dropped. It is the command table's
 * SMB1 entry ({@link Commands#table()}); the dispatcher has charged its one credit (MessageId 0).
 */
public final class Smb1Negotiate {
    private Smb1Negotiate() {}

    /** Returns the SMB2 response message with {@code granted} credits, or null to drop the connection. */
    public static ByteBuf handle(Dispatcher d, ByteBuf frame, int granted) {
        Smb1NegotiateRequest r;
        try {
            r = Smb1NegotiateRequest.decode(frame);
        } catch (SmbException e) {
            return null;
        }
        boolean wildcard = r.offers(Smb1NegotiateRequest.SMB2_WILDCARD);
        if (!wildcard && !r.offers(Smb1NegotiateRequest.SMB2_002)) return null;
        SmbConnection conn = d.connection();
        int dialect = wildcard ? Dialect.WILDCARD : Dialect.SMB_2_0_2;
        if (!wildcard) {
            conn.dialect = Dialect.SMB_2_0_2;
            conn.negotiated = true;
            conn.signingAlgorithm = SigningAlgorithm.HMAC_SHA256;
        }
        Smb2Header h = new Smb2Header();
        h.command = Smb2Command.NEGOTIATE;
        h.flags = Smb2Header.FLAG_SERVER_TO_REDIR;
        h.credits = granted;
        ByteBuf m = frame.alloc().buffer(256);
        h.encode(m);
        Negotiate.response(d.server(), dialect, 0, List.of()).encode(m);
        return m;
    }
}
