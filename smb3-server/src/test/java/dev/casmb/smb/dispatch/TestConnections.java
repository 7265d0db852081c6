package dev.casmb.smb.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.state.TreeConnect;
import dev.casmb.smb.vfs.Share;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shared set-up for tests that drive the real {@link Dispatcher} on an {@link EmbeddedChannel}: a server with one
 * share, a connection already negotiated (SMB 3.0.2, multi-credit) holding a VALID session with one tree, request
 * headers, and the responses the server wrote, transport header stripped.
 */
public final class TestConnections {
    private TestConnections() {}

    /** A server named {@code name} on loopback, port 0, with the plain disk share "share" at {@code shareDir}. */
    public static ServerContext server(String name, Path shareDir) throws IOException {
        return new ServerContext(config(name, new ShareConfig("share", shareDir, false, false, false, "")),
            UserDatabase.inMemory());
    }

    /** The defaults for a server named {@code name} on loopback, port 0, with {@code share}. */
    public static ServerConfig config(String name, ShareConfig share) {
        return ServerConfig.defaults(name, List.of(InetAddress.getLoopbackAddress()), 0, List.of(share));
    }

    /**
     * Makes {@code conn} negotiated (SMB 3.0.2, multi-credit) with a VALID session {@code sid} of user "demo" holding
     * tree {@code tid} on {@code share} (full access), and grants {@code credits}; returns the session.
     */
    public static Session negotiate(SmbConnection conn, long sid, int tid, Share share, int credits) {
        conn.negotiated = true;
        conn.dialect = Dialect.SMB_3_0_2;
        conn.supportsMultiCredit = true;
        Session s = new Session(sid);
        s.state = Session.State.VALID;
        s.user = "demo";
        conn.sessions.put(sid, s);
        s.trees.put(tid, new TreeConnect(tid, s, share, AccessMask.FILE_ALL_ACCESS));
        conn.credits.grant(credits, 0);
        return s;
    }

    /** Ends a connection set up with {@link #negotiate}: cancels its async work, closes the session, drops what it wrote. */
    public static void release(Dispatcher dispatcher, ServerContext server, Session session, EmbeddedChannel ch) {
        dispatcher.cancelAll();
        server.closeSession(session);
        ch.finishAndReleaseAll();
    }

    /** One SMB2 request: header (CreditCharge {@code charge}, 1 credit asked, no flags) and the body {@code body} writes. */
    public static ByteBuf message(int command, int charge, long mid, long sid, int tid, Consumer<ByteBuf> body) {
        ByteBuf m = Unpooled.buffer();
        m.writeIntLE(Smb2Header.PROTOCOL_ID).writeShortLE(64).writeShortLE(charge).writeIntLE(0);
        m.writeShortLE(command).writeShortLE(1).writeIntLE(0).writeIntLE(0);
        m.writeLongLE(mid);
        m.writeIntLE(0).writeIntLE(tid).writeLongLE(sid).writeZero(16);
        body.accept(m);
        return m;
    }

    /** The request {@code m} through {@code dispatcher}, released afterwards. */
    public static void dispatch(Dispatcher dispatcher, ByteBuf m) {
        try {
            dispatcher.onFrame(m);
        } finally {
            m.release();
        }
    }

    /**
     * Runs {@code ch}'s pending tasks and returns every frame written so far as a copy of its SMB2 message(s)
     * (the transport header, checked against the frame's length, stripped).
     */
    public static List<ByteBuf> drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        List<ByteBuf> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf f = (ByteBuf) o;
            try {
                assertEquals(f.readableBytes() - 4, f.getInt(f.readerIndex()), "transport length");
                out.add(Unpooled.copiedBuffer(f.slice(f.readerIndex() + 4, f.readableBytes() - 4)));
            } finally {
                f.release();
            }
        }
        return out;
    }

    /** Runs {@code ch}'s pending tasks and returns the next frame written (a copy, transport header stripped). */
    public static ByteBuf next(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ByteBuf f = (ByteBuf) ch.readOutbound();
        if (f == null) throw new AssertionError("no response written");
        try {
            assertEquals(f.readableBytes() - 4, f.getInt(f.readerIndex()), "transport length");
            return Unpooled.copiedBuffer(f.slice(f.readerIndex() + 4, f.readableBytes() - 4));
        } finally {
            f.release();
        }
    }
}
