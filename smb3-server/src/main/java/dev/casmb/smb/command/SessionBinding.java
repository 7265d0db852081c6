package dev.casmb.smb.command;

import dev.casmb.auth.ntlm.NtlmAuthResult;
import dev.casmb.auth.spnego.SpnegoServer;
import dev.casmb.auth.spnego.SpnegoStep;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.crypto.Kdf;
import dev.casmb.smb.crypto.MessageSigner;
import dev.casmb.smb.crypto.PreauthHash;
import dev.casmb.smb.crypto.SigningAlgorithm;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Channel;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SESSION_SETUP with SMB2_SESSION_FLAG_BINDING (MS-SMB2 3.3.5.5 step 4, 3.3.5.5.2, 3.3.5.5.3): binds an
 * existing session, found in the server-global session table, to this connection as a new channel.
 *
 * <p>The checks run in the order Windows and Samba apply them (smbtorture smb2.session.bind_negative_*
 * asserts the status of each mismatch): signing-algorithm conflicts involving AES-GMAC first, then a
 * connection that cannot bind (not 3.x, multichannel off), then the request's signature (made with
 * Session.SigningKey), then dialect and cipher equality. The ClientGuid is not compared: MS-SMB2 makes
 * that check optional ("MAY") and Windows binds connections of different ClientGuids.
 *
 * <p>Every binding request leg is signed with Session.SigningKey, and so are our interim and error
 * responses; the final success response is signed with the new Channel.SigningKey, derived from the
 * binding authentication's own session key and, for 3.1.1, the binding exchange's preauth hash.
 */
final class SessionBinding {
    private static final Logger log = LoggerFactory.getLogger(SessionBinding.class);

    /** Channels per session, as Windows (smbtorture smb2.multichannel.generic.num_channels). */
    static final int MAX_CHANNELS = 32;

    private SessionBinding() {}

    static SmbResponse bind(SmbRequest req, byte[] token) throws SmbException {
        SmbConnection conn = req.connection();
        ServerContext server = req.server();
        long sid = req.header.sessionId;
        if (sid == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "binding without a SessionId");
        Session s = server.session(sid);
        if (s == null) throw new SmbException(NtStatus.USER_SESSION_DELETED, "binding to an unknown session");
        // Errors are signed with Session.SigningKey: the binding client has no channel key yet.
        req.setSession(s);
        Channel ch = s.channels.get(conn);
        if (ch != null && ch.established()) {
            // Reached only with a valid signature under this channel's key (the dispatcher checked it).
            throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "connection already bound to the session");
        }
        checkBindable(req, s, conn);
        if (ch == null) {
            int max = server.limits().maxSessionsPerConnection();
            if (conn.sessions.size() >= max) {
                server.limitMetrics().hit(dev.casmb.smb.limits.LimitMetrics.Kind.SESSIONS_PER_CONNECTION,
                    conn.remote() + ": " + max + " sessions on one connection (binding)");
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many sessions");
            }
            if (s.channels.size() >= MAX_CHANNELS) {
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "session has " + MAX_CHANNELS + " channels");
            }
            ch = new Channel(conn);
            ch.preauthHash = conn.preauthHash;
            Channel raced = s.channels.putIfAbsent(conn, ch);
            if (raced != null) throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "binding already in progress");
        }
        final Channel channel = ch;
        if (channel.authContext == null) channel.authContext = new SpnegoServer(server.users(), server.ntlmConfig());
        boolean v311 = conn.dialect == Dialect.SMB_3_1_1;
        if (v311) channel.preauthHash = PreauthHash.update(channel.preauthHash, req.rawBytes());
        SpnegoStep step = ((SpnegoServer) channel.authContext).accept(token);
        switch (step.state()) {
            case CONTINUE:
                if (v311) req.onResponseBytes(b -> channel.preauthHash = PreauthHash.update(channel.preauthHash, b));
                return SmbResponse.of(NtStatus.MORE_PROCESSING_REQUIRED, SessionSetup.body(req, 0, step.responseToken()));
            case FAILED:
                // A failed binding leaves the session and its other channels alone.
                s.channels.remove(conn, channel);
                log.info("{}: binding to session {} failed: {}", conn.remote(), Long.toHexString(sid), step.failureReason());
                throw new SmbException(SessionSetup.failureStatus((SpnegoServer) channel.authContext));
            default:
                break;
        }
        channel.authContext = null;
        NtlmAuthResult r = step.result();
        if (r.anonymous() || s.user == null || !s.user.equalsIgnoreCase(r.user())
            || (s.domain != null && r.domain() != null && !r.domain().isEmpty() && !s.domain.isEmpty()
                && !s.domain.equalsIgnoreCase(r.domain()))) {
            // MS-SMB2 3.3.5.5.3: the binding must authenticate the session's own user.
            s.channels.remove(conn, channel);
            throw new SmbException(NtStatus.ACCESS_DENIED, "binding as another user");
        }
        byte[] key = r.sessionKey();
        if (key == null || key.length == 0) {
            s.channels.remove(conn, channel);
            throw new SmbException(NtStatus.NOT_SUPPORTED, "binding without a session key");
        }
        channel.signer = channelSigner(conn, key, channel.preauthHash);
        conn.sessions.put(sid, s);
        log.info("{}: session {} bound as channel {} of {} ({})", conn.remote(), Long.toHexString(sid),
            s.channels.size(), s.domain + "\\" + s.user, Dialect.name(conn.dialect));
        int flags = s.encryptData ? SessionSetup.SESSION_FLAG_ENCRYPT_DATA : 0;
        byte[] out = step.responseToken();
        return SmbResponse.ok(SessionSetup.body(req, flags, out == null ? new byte[0] : out));
    }

    /** The MS-SMB2 3.3.5.5 step 4 checks before a binding may authenticate. */
    static void checkBindable(SmbRequest req, Session s, SmbConnection conn) throws SmbException {
        SigningAlgorithm sessionAlg = s.signingAlgorithm;
        SigningAlgorithm connAlg = conn.signingAlgorithm;
        // AES-GMAC keys cannot be shared with another algorithm (3.1.1 signing capabilities): a GMAC session
        // cannot gain a non-GMAC channel, nor a GMAC connection join a non-GMAC session.
        if (sessionAlg == SigningAlgorithm.AES_GMAC && connAlg != sessionAlg) {
            throw new SmbException(NtStatus.REQUEST_OUT_OF_SEQUENCE, "GMAC session, other signing algorithm");
        }
        if (connAlg == SigningAlgorithm.AES_GMAC && sessionAlg != connAlg) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "GMAC connection, session signs otherwise");
        }
        if (!conn.isSmb3() || (conn.serverCapabilities & Negotiate.CAP_MULTI_CHANNEL) == 0) {
            throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "connection cannot bind (not 3.x multichannel)");
        }
        // MS-SMB2 3.3.5.5.2: the binding request must be signed with Session.SigningKey.
        MessageSigner main = s.signer;
        if (!req.header.isSigned() || main == null || !main.verify(req.msg(), 0, req.length(), false)) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "binding request not signed with the session's key");
        }
        if (s.dialect != conn.dialect) throw new SmbException(NtStatus.INVALID_PARAMETER, "dialect differs from the session's");
        if (s.cipher != conn.cipher) throw new SmbException(NtStatus.INVALID_PARAMETER, "cipher differs from the session's");
        if (s.state == Session.State.EXPIRED) throw new SmbException(NtStatus.NETWORK_SESSION_EXPIRED);
        if (s.state != Session.State.VALID) throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "session still authenticating");
        if (s.anonymous || s.guest) throw new SmbException(NtStatus.NOT_SUPPORTED, "anonymous or guest session");
    }

    /**
     * Channel.SigningKey (MS-SMB2 3.3.5.5.3): for 3.1.1 KDF(SessionKey, "SMBSigningKey", the binding's
     * preauth hash), for 3.0/3.0.2 KDF(SessionKey, "SMB2AESCMAC", "SmbSign"); used with this connection's
     * signing algorithm.
     */
    static MessageSigner channelSigner(SmbConnection conn, byte[] sessionKey, byte[] preauthHash) {
        byte[] k = Arrays.copyOf(sessionKey, 16);
        byte[] signKey = conn.dialect == Dialect.SMB_3_1_1
            ? Kdf.derive(k, Kdf.z("SMBSigningKey"), preauthHash, 128)
            : Kdf.derive(k, Kdf.z("SMB2AESCMAC"), Kdf.z("SmbSign"), 128);
        SigningAlgorithm alg = conn.signingAlgorithm != null ? conn.signingAlgorithm : SigningAlgorithm.AES_CMAC;
        return new MessageSigner(alg, signKey);
    }
}
