package dev.casmb.smb.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ConfigLoader;
import dev.casmb.smb.config.ResourceLimits;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.transport.SmbServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport limits of a real in-process server on loopback (127.0.0.101). */
class ResourceLimitsServerTest {
    private static final String HOST = "127.0.0.101";
    @TempDir Path dir;
    private SmbServer server;
    private int port;
    private final List<Socket> sockets = new ArrayList<>();

    private ServerContext start(Map<String, Object> limits) throws Exception {
        ServerConfig cfg = ConfigLoader.parse(Map.of(
            "listen", List.of(HOST), "port", 0,
            "shares", List.of(Map.of("name", "public", "path", "public")),
            "limits", limits), dir);
        ServerContext ctx = new ServerContext(cfg, UserDatabase.inMemory());
        server = new SmbServer(ctx);
        port = server.bind(InetAddress.getByName(HOST));
        return ctx;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) s.close();
        if (server != null) server.close();
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        try {
            s.connect(new InetSocketAddress(HOST, port), 2000);
        } catch (java.net.SocketException resetWhileConnecting) {
            // the server refused it so fast that the reset arrived during connect: closedByServer() says so
            return s;
        }
        s.setSoTimeout(3000);
        return s;
    }

    /** True if the server closed (or reset) the connection within the socket's timeout. */
    private static boolean closedByServer(Socket s, int timeoutMs) throws IOException {
        // reset during connect: Java closed the socket when connect() failed
        if (s.isClosed() || !s.isConnected()) return true;
        s.setSoTimeout(timeoutMs);
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void connectionsBeyondThePerClientLimitAreRefusedOthersAreNot() throws Exception {
        ServerContext ctx = start(Map.of("maxConnectionsPerClient", 3, "maxConnections", 5));
        List<Socket> a = new ArrayList<>();
        for (int i = 0; i < 5; i++) a.add(connect("127.0.0.102"));
        int refused = 0;
        List<Socket> aOpen = new ArrayList<>();
        for (Socket s : a) {
            if (closedByServer(s, 500)) refused++; else aOpen.add(s);
        }
        assertEquals(2, refused, "connections 4 and 5 from one address are refused");
        assertEquals(2, ctx.limitMetrics().count(LimitMetrics.Kind.CONNECTIONS_PER_CLIENT));
        // another client address still gets in, up to the node limit (5): 3 + 2
        // (connections are set up on two I/O threads, so which of three simultaneous ones is refused varies)
        Socket b1 = connect("127.0.0.103");
        Socket b2 = connect("127.0.0.103");
        Socket b3 = connect("127.0.0.104");
        int bRefused = 0;
        Socket bOpen = null;
        for (Socket b : List.of(b1, b2, b3)) {
            if (closedByServer(b, 500)) bRefused++; else bOpen = b;
        }
        assertEquals(1, bRefused, "node limit of 5 reached");
        assertEquals(1, ctx.limitMetrics().count(LimitMetrics.Kind.CONNECTIONS_PER_NODE));
        // closing frees the slots
        aOpen.get(0).close();
        bOpen.close();
        Thread.sleep(300);
        Socket c = connect("127.0.0.102");
        assertTrue(!closedByServer(c, 500), "slot freed by a close is reusable");
        assertEquals(4, ctx.limitMetrics().currentConnections()); // a1, a2, b2, c
    }

    @Test
    void halfSentFrameIsClosedAfterThePartialFrameTimeout() throws Exception {
        ServerContext ctx = start(Map.of("partialFrameTimeoutSeconds", 0.5));
        Socket loris = connect("127.0.0.102");
        Socket quiet = connect("127.0.0.102");
        loris.getOutputStream().write(new byte[] {0, 0, 1, 0, (byte) 0xFE, 'S'}); // 256-byte frame, 2 sent
        loris.getOutputStream().flush();
        long t0 = System.nanoTime();
        assertTrue(closedByServer(loris, 3000), "slow-loris connection closed");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 2900, "closed after about the timeout, took " + ms + " ms");
        assertEquals(1, ctx.limitMetrics().count(LimitMetrics.Kind.PARTIAL_FRAME_TIMEOUT));
        assertTrue(!closedByServer(quiet, 200), "a connection with no partial frame is left alone");
    }

    @Test
    void oversizedFrameIsCounted() throws Exception {
        ServerContext ctx = start(Map.of());
        Socket s = connect("127.0.0.102");
        s.getOutputStream().write(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertTrue(closedByServer(s, 3000));
        assertEquals(1, ctx.limitMetrics().count(LimitMetrics.Kind.FRAME_TOO_LONG));
    }

    /** An SMB2 request: 64-byte header (command, messageId, credits asked) + body, with its 4-byte transport header. */
    private static byte[] request(int command, long messageId, int creditsAsked, byte[] body) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 64 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(64 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x424D53FE).putShort((short) 64).putShort((short) 1).putInt(0).putShort((short) command)
            .putShort((short) creditsAsked).putInt(0).putInt(0).putLong(messageId).putInt(0).putInt(0).putLong(0)
            .put(new byte[16]).put(body);
        return b.array();
    }

    /** Reads one response frame and returns its CreditResponse. */
    private static int creditsGranted(Socket s) throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
        int len = in.readInt();
        byte[] m = new byte[len];
        in.readFully(m);
        assertEquals(0x424D53FE, java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0));
        return java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(14) & 0xFFFF;
    }

    @Test
    void creditsOutstandingNeverExceedMaxCreditsHoweverManyAreAskedFor() throws Exception {
        ServerConfig cfg = ConfigLoader.parse(Map.of(
            "listen", List.of(HOST), "port", 0, "maxCredits", 32, "signingRequired", false,
            "shares", List.of(Map.of("name", "public", "path", "public"))), dir);
        ServerContext ctx = new ServerContext(cfg, UserDatabase.inMemory());
        server = new SmbServer(ctx);
        port = server.bind(InetAddress.getByName(HOST));
        Socket s = connect("127.0.0.102");
        java.nio.ByteBuffer neg = java.nio.ByteBuffer.allocate(36 + 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        neg.putShort((short) 36).putShort((short) 1).putShort((short) 1).putShort((short) 0).putInt(0)
            .put(new byte[16]).putLong(0).putShort((short) 0x0302);
        s.getOutputStream().write(request(0 /* NEGOTIATE */, 0, 65535, neg.array()));
        long granted = creditsGranted(s);
        assertEquals(32, granted, "NEGOTIATE asking for 65535 gets maxCredits");
        long used = 1;
        // 32 ECHOs at once, each asking for 65535 more: each is granted only the one it used
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        byte[] echo = {4, 0, 0, 0};
        for (int i = 0; i < 32; i++) burst.write(request(0x0D /* ECHO */, used + i, 65535, echo));
        s.getOutputStream().write(burst.toByteArray());
        for (int i = 0; i < 32; i++) {
            granted += creditsGranted(s);
            used++;
            assertTrue(granted + 1 - used <= 32, "outstanding " + (granted + 1 - used) + " > maxCredits");
        }
        assertEquals(64, granted);
        assertTrue(ctx.limitMetrics().count(LimitMetrics.Kind.CREDITS_CLAMPED) >= 33,
            "every clamped grant counted: " + ctx.limitMetrics());
        // using a message id beyond what was granted loses the connection
        s.getOutputStream().write(request(0x0D, granted + 1, 1, echo));
        assertTrue(closedByServer(s, 3000), "message id beyond the granted window");
    }

    @Test
    void limitsParseWithDefaultsAndRejectUnknownKeys() {
        ResourceLimits l = ResourceLimits.parse(Map.of("maxTreesPerSession", 7, "partialFrameTimeoutSeconds", 1.5));
        assertEquals(7, l.maxTreesPerSession());
        assertEquals(1500, l.partialFrameTimeoutMillis());
        assertEquals(ResourceLimits.DEFAULTS.maxOpensPerSession(), l.maxOpensPerSession());
        assertEquals(30_000, ResourceLimits.DEFAULTS.partialFrameTimeoutMillis());
        assertThrows(IllegalArgumentException.class, () -> ResourceLimits.parse(Map.of("maxConnectionz", 1)));
        assertThrows(IllegalArgumentException.class, () -> ResourceLimits.parse(Map.of("maxConnections", 0)));
    }
}
