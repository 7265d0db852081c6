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
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.vfs.FileMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** SMB2 NEGOTIATE (MS-SMB2 2.2.3, 2.2.4, 3.3.5.4). */
public final class Negotiate implements CommandHandler {
    public static final int SIGNING_ENABLED = 0x1;
    public static final int SIGNING_REQUIRED = 0x2;
    public static final int CAP_DFS = 0x1;
    public static final int CAP_LEASING = 0x2;
    public static final int CAP_LARGE_MTU = 0x4;
    public static final int CAP_MULTI_CHANNEL = 0x8;
    public static final int CAP_PERSISTENT_HANDLES = 0x10;
    public static final int CAP_DIRECTORY_LEASING = 0x20;
    public static final int CAP_ENCRYPTION = 0x40;
    static final int CTX_PREAUTH = 0x0001;
    static final int CTX_ENCRYPTION = 0x0002;
    static final int CTX_SIGNING = 0x0008;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Our cipher preference when the client offers several (GCM is fastest with AES-NI). */
    private static final CipherAlgorithm[] CIPHER_PREFERENCE = {CipherAlgorithm.AES_128_GCM,
        CipherAlgorithm.AES_256_GCM, CipherAlgorithm.AES_128_CCM, CipherAlgorithm.AES_256_CCM};

    @Override public int structureSize() { return 36; }
    @Override public boolean needsSession() { return false; }
    @Override public boolean needsTree() { return false; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        SmbConnection conn = req.connection();
        if (conn.negotiated) {
            // MS-SMB2 3.3.5.4: a second NEGOTIATE on a connection is a protocol error.
            throw new Dispatcher.ProtocolViolation("second NEGOTIATE");
        }
        int count = req.u16(2);
        if (count == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "no dialects");
        int dialectsAt = Smb2Header.SIZE + 36;
        if (dialectsAt + 2 * count > req.length()) throw new SmbException(NtStatus.INVALID_PARAMETER);
        int[] offered = new int[count];
        for (int i = 0; i < count; i++) offered[i] = req.msg().getUnsignedShortLE(dialectsAt + 2 * i);
        int chosen = 0;
        for (int d : Dialect.SUPPORTED) {
            for (int o : offered) {
                if (o == d) { chosen = d; break; }
            }
            if (chosen != 0) break;
        }
        if (chosen == 0) throw new SmbException(NtStatus.NOT_SUPPORTED, "no common dialect");
        conn.clientDialects = offered;
        conn.clientSecurityMode = req.u16(4);
        conn.clientCapabilities = req.u32(8);
        byte[] guid = new byte[16];
        req.msg().getBytes(Smb2Header.SIZE + 12, guid);
        conn.clientGuid = guid;

        List<byte[]> contexts = new ArrayList<>();
        if (chosen == Dialect.SMB_3_1_1) {
            contexts = negotiateContexts(req, conn);
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
        return SmbResponse.ok(writeResponse(req.alloc(), req.server(), chosen, caps, contexts));
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

    /** Parses the client's 3.1.1 negotiate contexts and returns our response contexts (type+data). */
    private static List<byte[]> negotiateContexts(SmbRequest req, SmbConnection conn) throws SmbException {
        long offset = Integer.toUnsignedLong(req.u32(28));
        int count = req.u16(32);
        boolean preauth = false;
        List<byte[]> out = new ArrayList<>();
        int at = (int) Math.min(offset, Integer.MAX_VALUE);
        if (count == 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "3.1.1 without contexts");
        if (count > 64) throw new SmbException(NtStatus.INVALID_PARAMETER, "too many contexts");
        for (int i = 0; i < count; i++) {
            at = (at + 7) & ~7;
            ByteBuf h = req.buffer(at, 8);
            int type = h.getUnsignedShortLE(0);
            int len = h.getUnsignedShortLE(2);
            ByteBuf data = req.buffer(at + 8, len);
            switch (type) {
                case CTX_PREAUTH: {
                    if (preauth) throw new SmbException(NtStatus.INVALID_PARAMETER, "two preauth contexts");
                    if (len < 4) throw new SmbException(NtStatus.INVALID_PARAMETER);
                    int n = data.getUnsignedShortLE(0);
                    if (4 + 2 * n > len) throw new SmbException(NtStatus.INVALID_PARAMETER);
                    boolean sha512 = false;
                    for (int k = 0; k < n; k++) sha512 |= data.getUnsignedShortLE(4 + 2 * k) == 0x0001;
                    if (!sha512) throw new SmbException(NtStatus.SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
                    preauth = true;
                    byte[] salt = new byte[32];
                    RANDOM.nextBytes(salt);
                    ByteBuf r = req.alloc().buffer();
                    r.writeShortLE(1).writeShortLE(32).writeShortLE(0x0001).writeBytes(salt);
                    out.add(ctx(CTX_PREAUTH, r));
                    break;
                }
                case CTX_ENCRYPTION: {
                    if (len < 2) throw new SmbException(NtStatus.INVALID_PARAMETER);
                    int n = data.getUnsignedShortLE(0);
                    if (2 + 2 * n > len || n == 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
                    List<Integer> ids = new ArrayList<>();
                    for (int k = 0; k < n; k++) ids.add(data.getUnsignedShortLE(2 + 2 * k));
                    CipherAlgorithm pick = null;
                    for (CipherAlgorithm c : CIPHER_PREFERENCE) {
                        if (ids.contains(c.id)) { pick = c; break; }
                    }
                    conn.cipher = pick;
                    ByteBuf r = req.alloc().buffer();
                    r.writeShortLE(1).writeShortLE(pick == null ? 0 : pick.id);
                    out.add(ctx(CTX_ENCRYPTION, r));
                    break;
                }
                case CTX_SIGNING: {
                    if (len < 2) throw new SmbException(NtStatus.INVALID_PARAMETER);
                    int n = data.getUnsignedShortLE(0);
                    if (2 + 2 * n > len || n == 0) throw new SmbException(NtStatus.INVALID_PARAMETER);
                    SigningAlgorithm pick = null;
                    for (int k = 0; k < n && pick == null; k++) pick = SigningAlgorithm.byId(data.getUnsignedShortLE(2 + 2 * k));
                    if (pick == null) pick = SigningAlgorithm.AES_CMAC;
                    conn.signingAlgorithm = pick;
                    ByteBuf r = req.alloc().buffer();
                    r.writeShortLE(1).writeShortLE(pick.id);
                    out.add(ctx(CTX_SIGNING, r));
                    break;
                }
                default:
                    break; // compression, netname, transport, RDMA: not supported, ignored
            }
            at += 8 + len;
        }
        if (!preauth) throw new SmbException(NtStatus.INVALID_PARAMETER, "no preauth integrity context");
        return out;
    }

    private static byte[] ctx(int type, ByteBuf data) {
        byte[] b = new byte[8 + data.readableBytes()];
        b[0] = (byte) type;
        b[1] = (byte) (type >>> 8);
        b[2] = (byte) data.readableBytes();
        b[3] = (byte) (data.readableBytes() >>> 8);
        data.readBytes(b, 8, data.readableBytes());
        data.release();
        return b;
    }

    /** The NEGOTIATE response body (also used for the SMB1 → SMB2 upgrade). */
    static ByteBuf writeResponse(ByteBufAllocator alloc, ServerContext server, int dialect, int caps, List<byte[]> contexts) {
        ServerConfig cfg = server.config();
        byte[] sec = SpnegoServer.negTokenInit2();
        int maxIo = dialect >= Dialect.SMB_2_1 ? ServerConfig.DEFAULT_MAX_IO : 65536;
        ByteBuf b = alloc.buffer(128 + sec.length);
        b.writeShortLE(65);
        b.writeShortLE(SIGNING_ENABLED | (cfg.signingRequired() ? SIGNING_REQUIRED : 0));
        b.writeShortLE(dialect);
        b.writeShortLE(dialect == Dialect.SMB_3_1_1 ? contexts.size() : 0);
        b.writeBytes(server.serverGuid());
        b.writeIntLE(caps);
        b.writeIntLE(maxIo); // MaxTransactSize
        b.writeIntLE(maxIo); // MaxReadSize
        b.writeIntLE(maxIo); // MaxWriteSize
        b.writeLongLE(FileMeta.toFiletime(FileTime.fromMillis(System.currentTimeMillis())));
        b.writeLongLE(0); // ServerStartTime
        b.writeShortLE(Smb2Header.SIZE + 64);
        b.writeShortLE(sec.length);
        int ctxOffsetField = b.writerIndex();
        b.writeIntLE(0);
        b.writeBytes(sec);
        if (dialect == Dialect.SMB_3_1_1 && !contexts.isEmpty()) {
            while ((Smb2Header.SIZE + b.writerIndex()) % 8 != 0) b.writeByte(0);
            b.setIntLE(ctxOffsetField, Smb2Header.SIZE + b.writerIndex());
            for (int i = 0; i < contexts.size(); i++) {
                if (i > 0) while ((Smb2Header.SIZE + b.writerIndex()) % 8 != 0) b.writeByte(0);
                b.writeBytes(contexts.get(i));
            }
        }
        return b;
    }
}
