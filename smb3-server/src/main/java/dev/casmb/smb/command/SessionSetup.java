package dev.casmb.smb.command;

import dev.casmb.auth.ntlm.NtlmAuthResult;
import dev.casmb.auth.spnego.SpnegoServer;
import dev.casmb.auth.spnego.SpnegoStep;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.crypto.CipherAlgorithm;
import dev.casmb.smb.crypto.Kdf;
import dev.casmb.smb.crypto.MessageSigner;
import dev.casmb.smb.crypto.PreauthHash;
import dev.casmb.smb.crypto.SigningAlgorithm;
import dev.casmb.smb.crypto.TransformCodec;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.SessionSetupRequest;
import dev.casmb.smb.proto.message.SessionSetupResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Channel;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SMB2 SESSION_SETUP: SPNEGO/NTLMv2, key derivation, re-authentication (MS-SMB2 3.3.5.5). */
public final class SessionSetup implements CommandHandler {
    private static final Logger log = LoggerFactory.getLogger(SessionSetup.class);
    public static final int FLAG_BINDING = SessionSetupRequest.FLAG_BINDING;
    public static final int SESSION_FLAG_IS_GUEST = SessionSetupResponse.SESSION_FLAG_IS_GUEST;
    public static final int SESSION_FLAG_IS_NULL = SessionSetupResponse.SESSION_FLAG_IS_NULL;
    public static final int SESSION_FLAG_ENCRYPT_DATA = SessionSetupResponse.SESSION_FLAG_ENCRYPT_DATA;

    @Override public int structureSize() { return SessionSetupRequest.STRUCTURE_SIZE; }
    @Override public boolean needsSession() { return false; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        SmbConnection conn = req.connection();
        ServerContext server = req.server();
        SessionSetupRequest request = SessionSetupRequest.decode(req.body());
        byte[] token = request.securityBuffer();
        if (request.binding()) return SessionBinding.bind(req, token);
        long sid = req.header.sessionId;
        Session s;
        boolean fresh = false;
        if (sid == 0) {
            int maxSessions = req.server().limits().maxSessionsPerConnection();
            if (conn.sessions.size() >= maxSessions) {
                req.server().limitMetrics().hit(dev.casmb.smb.limits.LimitMetrics.Kind.SESSIONS_PER_CONNECTION,
                    conn.remote() + ": " + maxSessions + " sessions on one connection");
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many sessions");
            }
            s = new Session(Session.newSessionId());
            s.preauthHash = conn.preauthHash;
            s.firstChannel(conn);
            conn.sessions.put(s.sessionId, s);
            server.sessions().put(s.sessionId, s);
            fresh = true;
        } else {
            s = conn.sessions.get(sid);
            if (s == null) {
                // A session of another connection (not bound here): USER_SESSION_DELETED, signed with that
                // session's key as clients that sign the request require (Windows; smbtorture
                // session.bind_negative_* without the binding flag).
                Session elsewhere = server.session(sid);
                if (elsewhere != null && elsewhere.isValid()) req.setSession(elsewhere);
                throw new SmbException(NtStatus.USER_SESSION_DELETED);
            }
        }
        req.setSession(s);
        if (s.authContext == null) s.authContext = new SpnegoServer(server.users(), server.ntlmConfig());
        boolean initialAuth = s.sessionKey == null;
        if (conn.dialect == Dialect.SMB_3_1_1 && initialAuth) {
            s.preauthHash = PreauthHash.update(s.preauthHash, req.rawBytes());
        }
        SpnegoStep step = ((SpnegoServer) s.authContext).accept(token);
        switch (step.state()) {
            case CONTINUE: {
                if (conn.dialect == Dialect.SMB_3_1_1 && initialAuth) {
                    req.onResponseBytes(b -> s.preauthHash = PreauthHash.update(s.preauthHash, b));
                }
                return SmbResponse.of(NtStatus.MORE_PROCESSING_REQUIRED, body(req, 0, step.responseToken()));
            }
            case FAILED: {
                int failure = failureStatus((SpnegoServer) s.authContext);
                s.authContext = null;
                log.info("{}: authentication failed: {}", conn.remote(), step.failureReason());
                if (initialAuth || fresh) {
                    conn.sessions.remove(s.sessionId);
                    server.sessions().remove(s.sessionId, s);
                } else {
                    // A failed re-authentication, on any channel, ends the session on all of them
                    // (smbtorture session.bind_invalid_auth).
                    server.closeSession(s);
                    server.forgetSession(s);
                }
                throw new SmbException(failure);
            }
            default:
                break;
        }
        s.authContext = null;
        NtlmAuthResult r = step.result();
        int flags = 0;
        if (initialAuth) {
            s.user = r.user();
            s.domain = r.domain();
            s.anonymous = r.anonymous();
            s.sessionKey = r.sessionKey();
            if (!s.anonymous) deriveKeys(conn, s, server);
            closePreviousSession(req, s, request.previousSessionId());
        } else {
            if (!r.anonymous() && s.user != null && !s.user.equalsIgnoreCase(r.user())) {
                log.info("{}: re-authentication as a different user ({} -> {})", conn.remote(), s.user, r.user());
            }
            s.user = r.user();
            s.domain = r.domain();
        }
        if (s.anonymous) flags |= SESSION_FLAG_IS_NULL;
        if (s.encryptData) flags |= SESSION_FLAG_ENCRYPT_DATA;
        s.state = Session.State.VALID;
        log.info("{}: session {} for {} ({}, dialect {}{})", conn.remote(), Long.toHexString(s.sessionId),
            s.domain + "\\" + s.user, initialAuth ? "new" : "re-auth", Dialect.name(conn.dialect),
            s.encryptData ? ", encrypted" : s.signingRequired ? ", signed" : "");
        byte[] out = step.responseToken();
        return SmbResponse.ok(body(req, flags, out == null ? new byte[0] : out));
    }

    /**
     * The status for a failed authentication: STATUS_INVALID_PARAMETER for an NTLM message that cannot be
     * parsed (Windows and Samba; smbtorture session.ntlmssp_bug14932), else STATUS_LOGON_FAILURE.
     */
    static int failureStatus(SpnegoServer spnego) {
        return spnego.failureCause()
            .filter(e -> e.reason() == dev.casmb.auth.ntlm.NtlmException.Reason.MALFORMED)
            .map(e -> NtStatus.INVALID_PARAMETER).orElse(NtStatus.LOGON_FAILURE);
    }

    static void deriveKeys(SmbConnection conn, Session s, ServerContext server) throws SmbException {
        byte[] sk = s.sessionKey;
        int d = conn.dialect;
        CipherAlgorithm cipher = conn.cipher;
        int keyBits = cipher != null && cipher.keyLength == 32 ? 256 : 128;
        byte[] signKey;
        byte[] encKey = null;
        byte[] decKey = null;
        if (d < Dialect.SMB_3_0) {
            signKey = sk;
        } else if (d == Dialect.SMB_3_1_1) {
            signKey = Kdf.derive(sk, Kdf.z("SMBSigningKey"), s.preauthHash, 128);
            if (cipher != null) {
                encKey = Kdf.derive(sk, Kdf.z("SMBS2CCipherKey"), s.preauthHash, keyBits);
                decKey = Kdf.derive(sk, Kdf.z("SMBC2SCipherKey"), s.preauthHash, keyBits);
            }
        } else {
            signKey = Kdf.derive(sk, Kdf.z("SMB2AESCMAC"), Kdf.z("SmbSign"), 128);
            if (cipher != null) {
                encKey = Kdf.derive(sk, Kdf.z("SMB2AESCCM"), Kdf.z("ServerOut"), 128);
                decKey = Kdf.derive(sk, Kdf.z("SMB2AESCCM"), Kdf.z("ServerIn "), 128);
            }
        }
        SigningAlgorithm alg = conn.signingAlgorithm != null ? conn.signingAlgorithm
            : d < Dialect.SMB_3_0 ? SigningAlgorithm.HMAC_SHA256 : SigningAlgorithm.AES_CMAC;
        s.signer = new MessageSigner(alg, signKey);
        Channel first = s.channels.get(conn);
        if (first != null) first.signer = s.signer;
        s.signingRequired = server.config().signingRequired() || (conn.clientSecurityMode & Negotiate.SIGNING_REQUIRED) != 0;
        if (encKey != null) s.transform = new TransformCodec(cipher, encKey, decKey);
        if (server.config().encryptData()) {
            if (s.transform == null) throw new SmbException(NtStatus.ACCESS_DENIED, "encryption required but not negotiated");
            s.encryptData = true;
        }
    }

    /** MS-SMB2 3.3.5.5.3: a PreviousSessionId of the same user ends that session (reconnect). */
    private static void closePreviousSession(SmbRequest req, Session s, long prev) {
        if (prev == 0 || prev == s.sessionId) return;
        Session old = req.server().session(prev);
        if (old != null && old.user != null && old.user.equalsIgnoreCase(s.user)) {
            log.info("session {} replaces previous session {}", Long.toHexString(s.sessionId), Long.toHexString(prev));
            req.server().disconnectSession(old);
            req.server().forgetSession(old);
        }
    }

    /** The SESSION_SETUP response body (MS-SMB2 2.2.6). */
    static ByteBuf body(SmbRequest req, int flags, byte[] token) {
        ByteBuf b = req.alloc().buffer(8 + token.length);
        new SessionSetupResponse(flags, token).encode(b);
        return b;
    }
}
