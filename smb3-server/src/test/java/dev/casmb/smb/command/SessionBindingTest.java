package dev.casmb.smb.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.ntlm.NtlmClient;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.crypto.CipherAlgorithm;
import dev.casmb.smb.crypto.Kdf;
import dev.casmb.smb.crypto.MessageSigner;
import dev.casmb.smb.crypto.PreauthHash;
import dev.casmb.smb.crypto.SigningAlgorithm;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMB 3 session binding (MS-SMB2 3.3.5.5 / 3.3.5.5.2 / 3.3.5.5.3) through the real dispatcher on
 * in-memory connections, with the project's own NTLM client: a session made on one connection is bound
 * to a second one; the binding's signature, dialect, cipher and signing-algorithm checks answer with the
 * statuses Windows uses; the new channel signs with its own key (3.1.1: derived from the binding's preauth
 * hash); closing one channel keeps the session while another is open.
 */
class SessionBindingTest {
    private static final String USER = "demo";
    private static final String PASSWORD = "Demo-Pass1";
    private static final int SESSION_SETUP = 0x0001;
    private static final int FLAG_SIGNED = 0x8;

    private ServerContext server;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = Files.createTempDirectory("casmb-bind");
        ServerConfig cfg = ServerConfig.defaults("BIND", List.of(InetAddress.getLoopbackAddress()), 0,
            List.of(new ShareConfig("share", dir, false, false, false, "")));
        UserDatabase users = UserDatabase.inMemory();
        users.addUser(USER, PASSWORD);
        users.addUser("other", "Other-Pass1");
        server = new ServerContext(cfg, users);
    }

    /** One client connection: an embedded channel, its server-side state and dispatcher. */
    private final class Conn {
        final EmbeddedChannel ch = new EmbeddedChannel();
        final SmbConnection conn = new SmbConnection(ch, 512);
        final Dispatcher d;
        long mid;

        Conn(int dialect, SigningAlgorithm alg, CipherAlgorithm cipher, byte[] clientGuid) {
            conn.negotiated = true;
            conn.dialect = dialect;
            conn.supportsMultiCredit = true;
            conn.signingAlgorithm = alg;
            conn.cipher = cipher;
            conn.clientGuid = clientGuid;
            conn.serverCapabilities = Negotiate.capabilities(server, dialect, conn);
            byte[] h = new byte[64];
            new Random(dialect * 31L + alg.ordinal()).nextBytes(h);
            conn.preauthHash = dialect == Dialect.SMB_3_1_1 ? h : null;
            conn.credits.grant(64, 0);
            d = new Dispatcher(server, conn, Commands.table());
            server.connections().put(conn, Boolean.TRUE);
        }

        /** Sends one SESSION_SETUP (signed with {@code signer} if not null); returns the raw request. */
        byte[] sessionSetup(long sid, int flags, byte[] token, MessageSigner signer) {
            ByteBuf m = Unpooled.buffer();
            m.writeIntLE(0x424D53FE).writeShortLE(64).writeShortLE(1).writeIntLE(0);
            m.writeShortLE(SESSION_SETUP).writeShortLE(1).writeIntLE(signer != null ? FLAG_SIGNED : 0).writeIntLE(0);
            m.writeLongLE(mid++).writeIntLE(0).writeIntLE(0).writeLongLE(sid).writeZero(16);
            m.writeShortLE(25).writeByte(flags).writeByte(1).writeIntLE(0).writeIntLE(0);
            m.writeShortLE(64 + 24).writeShortLE(token.length).writeLongLE(0).writeBytes(token);
            if (signer != null) m.setBytes(48, signer.sign(m, 0, m.readableBytes(), false, false));
            byte[] raw = new byte[m.readableBytes()];
            m.getBytes(0, raw);
            d.onFrame(m);
            return raw;
        }

        /** The next response message (without the transport header). */
        byte[] response() {
            ByteBuf out = ch.readOutbound();
            assertNotNull(out, "no response");
            byte[] b = new byte[out.readableBytes() - 4];
            out.getBytes(4, b);
            out.release();
            return b;
        }
    }

    private static int status(byte[] msg) {
        return Unpooled.wrappedBuffer(msg).getIntLE(8);
    }

    private static long sessionId(byte[] msg) {
        return Unpooled.wrappedBuffer(msg).getLongLE(40);
    }

    private static boolean signedBy(byte[] msg, MessageSigner s) {
        ByteBuf b = Unpooled.wrappedBuffer(msg);
        if ((b.getIntLE(16) & FLAG_SIGNED) == 0) return false;
        byte[] expected = Arrays.copyOfRange(msg, 48, 64);
        return Arrays.equals(expected, s.sign(b, 0, msg.length, true, false));
    }

    private static byte[] token(byte[] msg) {
        ByteBuf b = Unpooled.wrappedBuffer(msg);
        int off = b.getUnsignedShortLE(64 + 4);
        int len = b.getUnsignedShortLE(64 + 6);
        return Arrays.copyOfRange(msg, off, off + len);
    }

    private static byte[] guid(int seed) {
        byte[] g = new byte[16];
        new Random(seed).nextBytes(g);
        return g;
    }

    /** An authenticated session on {@code c}: its id and Session.SigningKey signer. */
    private record Established(long sid, MessageSigner signer) {}

    private Established login(Conn c, String user, String password) throws Exception {
        NtlmClient ntlm = new NtlmClient(user, "", UserDatabase.ntHashOf(password));
        byte[] hash = c.conn.preauthHash;
        byte[] req = c.sessionSetup(0, 0, ntlm.negotiate(), null);
        byte[] resp = c.response();
        assertEquals(NtStatus.MORE_PROCESSING_REQUIRED, status(resp));
        if (hash != null) hash = PreauthHash.update(PreauthHash.update(hash, req), resp);
        long sid = sessionId(resp);
        req = c.sessionSetup(sid, 0, ntlm.authenticate(token(resp)), null);
        resp = c.response();
        assertEquals(NtStatus.SUCCESS, status(resp));
        if (hash != null) hash = PreauthHash.update(hash, req);
        byte[] key = hash != null ? Kdf.derive(ntlm.sessionKey(), Kdf.z("SMBSigningKey"), hash, 128)
            : Kdf.derive(ntlm.sessionKey(), Kdf.z("SMB2AESCMAC"), Kdf.z("SmbSign"), 128);
        MessageSigner signer = new MessageSigner(c.conn.signingAlgorithm, key);
        assertTrue(signedBy(resp, signer), "final SESSION_SETUP response signed with the session key");
        return new Established(sid, signer);
    }

    /** Binds {@code s} to {@code c}; returns the final response and the client's Channel.SigningKey signer. */
    private record Bound(byte[] finalResponse, MessageSigner channelSigner) {}

    private Bound bind(Conn c, Established s, String user, String password) throws Exception {
        NtlmClient ntlm = new NtlmClient(user, "", UserDatabase.ntHashOf(password));
        byte[] hash = c.conn.preauthHash;
        byte[] req = c.sessionSetup(s.sid(), SessionSetup.FLAG_BINDING, ntlm.negotiate(), s.signer());
        byte[] resp = c.response();
        assertEquals(NtStatus.MORE_PROCESSING_REQUIRED, status(resp), NtStatus.name(status(resp)));
        assertTrue(signedBy(resp, s.signer()), "interim binding response signed with Session.SigningKey");
        if (hash != null) hash = PreauthHash.update(PreauthHash.update(hash, req), resp);
        req = c.sessionSetup(s.sid(), SessionSetup.FLAG_BINDING, ntlm.authenticate(token(resp)), s.signer());
        resp = c.response();
        if (hash != null) hash = PreauthHash.update(hash, req);
        byte[] key = hash != null ? Kdf.derive(ntlm.sessionKey(), Kdf.z("SMBSigningKey"), hash, 128)
            : Kdf.derive(ntlm.sessionKey(), Kdf.z("SMB2AESCMAC"), Kdf.z("SmbSign"), 128);
        return new Bound(resp, new MessageSigner(c.conn.signingAlgorithm, key));
    }

    private int bindStatus(Conn c, long sid, MessageSigner signer) {
        NtlmClient ntlm = new NtlmClient(USER, "", UserDatabase.ntHashOf(PASSWORD));
        c.sessionSetup(sid, SessionSetup.FLAG_BINDING, ntlm.negotiate(), signer);
        return status(c.response());
    }

    @Test
    void bindsA311SessionWithItsOwnChannelKey() throws Exception {
        byte[] g = guid(1);
        Conn a = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_GCM, g);
        Conn b = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_GCM, g);
        assertTrue((a.conn.serverCapabilities & Negotiate.CAP_MULTI_CHANNEL) != 0, "multichannel advertised");
        Established s = login(a, USER, PASSWORD);
        Bound bound = bind(b, s, USER, PASSWORD);
        assertEquals(NtStatus.SUCCESS, status(bound.finalResponse()));
        assertTrue(signedBy(bound.finalResponse(), bound.channelSigner()), "final response signed with Channel.SigningKey");
        assertFalse(signedBy(bound.finalResponse(), s.signer()), "the 3.1.1 channel key differs from the session key");
        Session session = server.session(s.sid());
        assertSame(session, b.conn.sessions.get(s.sid()));
        assertEquals(2, session.channels.size());

        // Binding again: signed with the channel key it is REQUEST_NOT_ACCEPTED; signed with the session
        // key (not this channel's) the signature check fails first: ACCESS_DENIED.
        assertEquals(NtStatus.REQUEST_NOT_ACCEPTED, bindStatus(b, s.sid(), bound.channelSigner()));
        assertEquals(NtStatus.ACCESS_DENIED, bindStatus(b, s.sid(), s.signer()));
    }

    @Test
    void bindsA302SessionWithDifferentClientGuid() throws Exception {
        // MS-SMB2 makes the ClientGuid comparison optional; Windows binds (smbtorture bind_negative_*d).
        Conn a = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_CCM, guid(1));
        Conn b = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_CCM, guid(2));
        Established s = login(a, USER, PASSWORD);
        Bound bound = bind(b, s, USER, PASSWORD);
        assertEquals(NtStatus.SUCCESS, status(bound.finalResponse()));
        assertTrue(signedBy(bound.finalResponse(), bound.channelSigner()));
    }

    @Test
    void bindingAsAnotherUserIsAccessDeniedAndLeavesTheSession() throws Exception {
        byte[] g = guid(3);
        Conn a = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, null, g);
        Conn b = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, null, g);
        Established s = login(a, USER, PASSWORD);
        Bound bound = bind(b, s, "other", "Other-Pass1");
        assertEquals(NtStatus.ACCESS_DENIED, status(bound.finalResponse()));
        Session session = server.session(s.sid());
        assertTrue(session.isValid());
        assertEquals(1, session.channels.size());
        assertNull(b.conn.sessions.get(s.sid()));
    }

    @Test
    void bindingChecksAnswerWithWindowsStatuses() throws Exception {
        byte[] g = guid(4);
        Conn a = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_GCM, g);
        Established s = login(a, USER, PASSWORD);

        Conn same = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_GCM, g);
        assertEquals(NtStatus.USER_SESSION_DELETED, bindStatus(same, s.sid() + 0x10000, s.signer()));
        assertEquals(NtStatus.INVALID_PARAMETER, bindStatus(same, 0, s.signer()));
        assertEquals(NtStatus.INVALID_PARAMETER, bindStatus(same, s.sid(), null), "unsigned binding");
        MessageSigner wrong = new MessageSigner(SigningAlgorithm.AES_CMAC, new byte[16]);
        assertEquals(NtStatus.INVALID_PARAMETER, bindStatus(same, s.sid(), wrong), "signed with another key");

        Conn smb21 = new Conn(Dialect.SMB_2_1, SigningAlgorithm.HMAC_SHA256, null, g);
        assertEquals(NtStatus.REQUEST_NOT_ACCEPTED, bindStatus(smb21, s.sid(), s.signer()));
        Conn smb302 = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_GCM, g);
        assertEquals(NtStatus.INVALID_PARAMETER, bindStatus(smb302, s.sid(), s.signer()), "dialect mismatch");
        Conn ccm = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_CCM, g);
        assertEquals(NtStatus.INVALID_PARAMETER, bindStatus(ccm, s.sid(), s.signer()), "cipher mismatch");
        Conn gmac = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_GMAC, CipherAlgorithm.AES_128_GCM, g);
        assertEquals(NtStatus.NOT_SUPPORTED, bindStatus(gmac, s.sid(), s.signer()), "GMAC connection, CMAC session");

        Conn ga = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_GMAC, CipherAlgorithm.AES_128_GCM, g);
        Established gs = login(ga, USER, PASSWORD);
        Conn cmac = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, CipherAlgorithm.AES_128_GCM, g);
        assertEquals(NtStatus.REQUEST_OUT_OF_SEQUENCE, bindStatus(cmac, gs.sid(), gs.signer()), "GMAC session, CMAC connection");
        // a session is not on this connection: a plain SESSION_SETUP naming it is USER_SESSION_DELETED
        NtlmClient ntlm = new NtlmClient(USER, "", UserDatabase.ntHashOf(PASSWORD));
        same.sessionSetup(s.sid(), 0, ntlm.negotiate(), s.signer());
        byte[] r = same.response();
        assertEquals(NtStatus.USER_SESSION_DELETED, status(r));
        assertTrue(signedBy(r, s.signer()), "signed with the session's key");
    }

    @Test
    void aSessionHasAtMost32Channels() throws Exception {
        byte[] g = guid(7);
        Conn first = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, null, g);
        Established s = login(first, USER, PASSWORD);
        for (int i = 1; i < SessionBinding.MAX_CHANNELS; i++) {
            Conn c = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, null, g);
            assertEquals(NtStatus.SUCCESS, status(bind(c, s, USER, PASSWORD).finalResponse()), "channel " + i);
        }
        Conn extra = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, null, g);
        assertEquals(NtStatus.INSUFFICIENT_RESOURCES, bindStatus(extra, s.sid(), s.signer()));
        assertEquals(SessionBinding.MAX_CHANNELS, server.session(s.sid()).channels.size());
    }

    @Test
    void multichannelOffRefusesBinding() throws Exception {
        server = new ServerContext(server.config().withMultichannel(false), server.users());
        byte[] g = guid(5);
        Conn a = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, null, g);
        assertEquals(0, a.conn.serverCapabilities & Negotiate.CAP_MULTI_CHANNEL);
        Established s = login(a, USER, PASSWORD);
        Conn b = new Conn(Dialect.SMB_3_1_1, SigningAlgorithm.AES_CMAC, null, g);
        assertEquals(NtStatus.REQUEST_NOT_ACCEPTED, bindStatus(b, s.sid(), s.signer()));
    }

    @Test
    void sessionOutlivesOneOfItsChannels() throws Exception {
        byte[] g = guid(6);
        Conn a = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, null, g);
        Conn b = new Conn(Dialect.SMB_3_0_2, SigningAlgorithm.AES_CMAC, null, g);
        Established s = login(a, USER, PASSWORD);
        assertEquals(NtStatus.SUCCESS, status(bind(b, s, USER, PASSWORD).finalResponse()));
        Session session = server.session(s.sid());

        a.ch.close();
        server.connectionClosed(a.conn);
        assertTrue(session.isValid(), "still valid on the other channel");
        assertSame(session, server.session(s.sid()));
        assertSame(session, b.conn.sessions.get(s.sid()));
        assertEquals(1, session.channels.size());

        b.ch.close();
        server.connectionClosed(b.conn);
        assertFalse(session.isValid());
        assertNull(server.session(s.sid()));
    }
}
