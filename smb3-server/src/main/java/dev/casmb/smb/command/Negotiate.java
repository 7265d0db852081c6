package dev.casmb.smb.command;

import dev.casmb.auth.spnego.SpnegoServer;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.crypto.CipherAlgorithm;
import dev.casmb.smb.crypto.PreauthHash;
import dev.casmb.smb.crypto.SigningAlgorithm;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.EncryptionCapabilities;
import dev.casmb.smb.proto.message.NegotiateContext;
import dev.casmb.smb.proto.message.NegotiateRequest;
import dev.casmb.smb.proto.message.NegotiateResponse;
import dev.casmb.smb.proto.message.PreauthIntegrityCapabilities;
import dev.casmb.smb.proto.message.SigningCapabilities;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.vfs.FileMeta;
import io.netty.buffer.ByteBuf;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** SMB2 NEGOTIATE (MS-SMB2 2.2.3, 2.2.4, 3.3.5.4). */
public final class Negotiate implements CommandHandler {
    public static final int SIGNING_ENABLED = NegotiateResponse.SIGNING_ENABLED;
    public static final int SIGNING_REQUIRED = NegotiateResponse.SIGNING_REQUIRED;
    public static final int CAP_DFS = NegotiateResponse.CAP_DFS;
    public static final int CAP_LEASING = NegotiateResponse.CAP_LEASING;
    public static final int CAP_LARGE_MTU = NegotiateResponse.CAP_LARGE_MTU;
    public static final int CAP_MULTI_CHANNEL = NegotiateResponse.CAP_MULTI_CHANNEL;
    public static final int CAP_PERSISTENT_HANDLES = NegotiateResponse.CAP_PERSISTENT_HANDLES;
    public static final int CAP_DIRECTORY_LEASING = NegotiateResponse.CAP_DIRECTORY_LEASING;
    public static final int CAP_ENCRYPTION = NegotiateResponse.CAP_ENCRYPTION;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Our cipher preference when the client offers several (GCM is fastest with AES-NI). */
    private static final CipherAlgorithm[] CIPHER_PREFERENCE = {CipherAlgorithm.AES_128_GCM,
        CipherAlgorithm.AES_256_GCM, CipherAlgorithm.AES_128_CCM, CipherAlgorithm.AES_256_CCM};

    @Override public int structureSize() { return NegotiateRequest.STRUCTURE_SIZE; }
    @Override public boolean needsSession() { return false; }
    @Override public boolean needsTree() { return false; }
    @Override public boolean beforeNegotiate() { return true; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        SmbConnection conn = req.connection();
        if (conn.negotiated) {
            // MS-SMB2 3.3.5.4: a second NEGOTIATE on a connection is a protocol error.
            throw new Dispatcher.ProtocolViolation("second NEGOTIATE");
        }
        NegotiateRequest r = NegotiateRequest.decode(req.body());
        int chosen = 0;
        for (int d : Dialect.SUPPORTED) {
            if (r.offers(d)) { chosen = d; break; }
        }
        if (chosen == 0) throw new SmbException(NtStatus.NOT_SUPPORTED, "no common dialect");
        conn.clientDialects = r.dialects();
        conn.clientSecurityMode = r.securityMode();
        conn.clientCapabilities = r.capabilities();
        conn.clientGuid = r.clientGuid();

        List<NegotiateContext> contexts = List.of();
        if (chosen == Dialect.SMB_3_1_1) {
            contexts = negotiateContexts(r.contexts(), conn);
            conn.preauthHash = PreauthHash.update(PreauthHash.initial(), req.rawBytes());
            req.onResponseBytes(b -> conn.preauthHash = PreauthHash.update(conn.preauthHash, b));
        }
        conn.dialect = chosen;
        conn.negotiated = true;
        conn.supportsMultiCredit = chosen >= Dialect.SMB_2_1;
        if (chosen == Dialect.SMB_3_0 || chosen == Dialect.SMB_3_0_2) {
            if ((conn.clientCapabilities & CAP_ENCRYPTION) != 0) conn.cipher = CipherAlgorithm.AES_128_CCM;
            conn.signingAlgorithm = SigningAlgorithm.AES_CMAC;
        } else if (chosen < Dialect.SMB_3_0) {
            conn.signingAlgorithm = SigningAlgorithm.HMAC_SHA256;
        } else if (conn.signingAlgorithm == null) {
            conn.signingAlgorithm = SigningAlgorithm.AES_CMAC;
        }
        int caps = capabilities(req.server(), chosen, conn);
        conn.serverCapabilities = caps;
        ByteBuf b = req.alloc().buffer(256);
        response(req.server(), chosen, caps, contexts).encode(b);
        return SmbResponse.ok(b);
    }

    static int capabilities(ServerContext server, int dialect, SmbConnection conn) {
        int caps = 0;
        if (dialect >= Dialect.SMB_2_1) caps |= CAP_LEASING | CAP_LARGE_MTU;
        if (Dialect.isSmb3(dialect)) {
            if (server.shares().stream().anyMatch(s -> s.continuouslyAvailable())) caps |= CAP_PERSISTENT_HANDLES;
            if (dialect != Dialect.SMB_3_1_1 && conn != null && conn.cipher != null) caps |= CAP_ENCRYPTION;
            // MS-SMB2 3.3.5.4: multichannel on every 3.x connection when enabled (session binding, 3.3.5.5.2).
            if (server.config().multichannel()) caps |= CAP_MULTI_CHANNEL;
        }
        return caps;
    }

    /**
     * Answers the client's 3.1.1 negotiate contexts (MS-SMB2 3.3.5.4): exactly one preauth integrity
     * context offering SHA-512, a cipher from the encryption context in our preference order, the first
     * signing algorithm we know from the signing context; others (compression, netname, transport, RDMA)
     * are ignored. Returns our response contexts in the order of the client's.
     */
    private static List<NegotiateContext> negotiateContexts(List<NegotiateContext> in, SmbConnection conn)
            throws SmbException {
        boolean preauth = false;
        List<NegotiateContext> out = new ArrayList<>();
        for (NegotiateContext c : in) {
            switch (c.type()) {
                case NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES: {
                    if (preauth) throw new SmbException(NtStatus.INVALID_PARAMETER, "two preauth contexts");
                    PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(c.data());
                    if (!p.offers(PreauthIntegrityCapabilities.SHA_512)) {
                        throw new SmbException(NtStatus.SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
                    }
                    preauth = true;
                    byte[] salt = new byte[32];
                    RANDOM.nextBytes(salt);
                    out.add(new PreauthIntegrityCapabilities(new int[] {PreauthIntegrityCapabilities.SHA_512}, salt).context());
                    break;
                }
                case NegotiateContext.ENCRYPTION_CAPABILITIES: {
                    int[] ids = EncryptionCapabilities.decode(c.data()).ciphers();
                    CipherAlgorithm pick = null;
                    for (CipherAlgorithm a : CIPHER_PREFERENCE) {
                        for (int id : ids) if (id == a.id) pick = a;
                        if (pick != null) break;
                    }
                    conn.cipher = pick;
                    out.add(new EncryptionCapabilities(new int[] {pick == null ? 0 : pick.id}).context());
                    break;
                }
                case NegotiateContext.SIGNING_CAPABILITIES: {
                    int[] ids = SigningCapabilities.decode(c.data()).algorithms();
                    SigningAlgorithm pick = null;
                    for (int k = 0; k < ids.length && pick == null; k++) pick = SigningAlgorithm.byId(ids[k]);
                    if (pick == null) pick = SigningAlgorithm.AES_CMAC;
                    conn.signingAlgorithm = pick;
                    out.add(new SigningCapabilities(new int[] {pick.id}).context());
                    break;
                }
                default:
                    break;
            }
        }
        if (!preauth) throw new SmbException(NtStatus.INVALID_PARAMETER, "no preauth integrity context");
        return out;
    }

    /** The NEGOTIATE response (also the SMB1 → SMB2 upgrade's, with no contexts). */
    static NegotiateResponse response(ServerContext server, int dialect, int caps, List<NegotiateContext> contexts) {
        ServerConfig cfg = server.config();
        int maxIo = dialect >= Dialect.SMB_2_1 ? ServerConfig.DEFAULT_MAX_IO : 65536;
        return new NegotiateResponse(SIGNING_ENABLED | (cfg.signingRequired() ? SIGNING_REQUIRED : 0), dialect,
            server.serverGuid(), caps, maxIo, maxIo, maxIo,
            FileMeta.toFiletime(FileTime.fromMillis(System.currentTimeMillis())), 0, SpnegoServer.negTokenInit2(),
            dialect == Dialect.SMB_3_1_1 ? contexts : List.of());
    }
}
