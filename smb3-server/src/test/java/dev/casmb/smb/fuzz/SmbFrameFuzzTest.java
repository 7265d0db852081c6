package dev.casmb.smb.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.dispatch.CommandTable;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.dispatch.TestConnections;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.transport.SessionFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Coverage-guided fuzzing (Jazzer) of the SMB2 transport framing and the whole request path: fuzzed bytes
 * go through {@link SessionFrameDecoder} into a {@link Dispatcher} (compound splitting, credit window,
 * session/tree lookup, StructureSize checks, every command handler). To get past NEGOTIATE and
 * authentication, the connection is pre-negotiated (3.0.2) with a valid session 0x1000 whose tree 1 is
 * a share on a scratch directory; the harness can stamp a valid ProtocolId, MessageId, SessionId and
 * TreeId into each frame's first header.
 *
 * <p>A malformed request may only cost its own connection (Dispatcher.ProtocolViolation, a decoder error)
 * or get an error status. An exception escaping otherwise, or a handler failing with an unexpected
 * exception (the dispatcher logs "... failed" and answers INTERNAL_ERROR) is a finding.
 */
class SmbFrameFuzzTest {
    private static final long SID = 0x1000;
    private static final int TID = 1;
    private static final ServerContext SERVER;
    private static final CommandTable TABLE = Commands.table();
    private static volatile ILoggingEvent handlerFailure;

    static {
        try {
            Path dir = Files.createTempDirectory("casmb-fuzz");
            Files.createDirectories(dir.resolve("share").resolve("sub"));
            Files.writeString(dir.resolve("share").resolve("a.txt"), "hello");
            SERVER = TestConnections.server("FUZZ", dir.resolve("share"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.ERROR);
        Logger disp = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        disp.setLevel(Level.WARN);
        AppenderBase<ILoggingEvent> catcher = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getThrowableProxy() != null && e.getFormattedMessage().endsWith("failed")) handlerFailure = e;
            }
        };
        catcher.start();
        disp.addAppender(catcher);
    }

    @FuzzTest(maxDuration = "30s")
    void frames(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new SessionFrameDecoder(SERVER.config().maxFrameBytes()));
        SmbConnection conn = new SmbConnection(ch, 512);
        TestConnections.negotiate(conn, SID, TID, SERVER.share("share"), 64);
        Dispatcher d = new Dispatcher(SERVER, conn, TABLE);
        handlerFailure = null;
        long messageId = 0;
        ByteBuf input = Unpooled.wrappedBuffer(data);
        try {
            // records: flags (bit 0: stamp ids into the first header; bit 1: raw bytes, no framing), u16 LE length, bytes
            for (int f = 0; f < 8 && input.readableBytes() >= 3; f++) {
                int flags = input.readUnsignedByte();
                boolean stamp = (flags & 1) != 0;
                boolean raw = (flags & 2) != 0;
                byte[] msg = new byte[Math.min(input.readUnsignedShortLE(), input.readableBytes())];
                input.readBytes(msg);
                if (stamp) {
                    ByteBuf h = Unpooled.wrappedBuffer(msg);
                    // every header of a compound chain, as far as NextCommand leads
                    for (int off = 0, n = 0; off + 64 <= msg.length && n < 16; n++) {
                        h.setIntLE(off, 0x424D53FE);
                        h.setShortLE(off + 4, 64);
                        h.setShortLE(off + 6, 1);
                        h.setLongLE(off + 24, messageId++);
                        h.setIntLE(off + 36, TID);
                        h.setLongLE(off + 40, SID);
                        int next = h.getIntLE(off + 20);
                        if (next <= 0 || next > msg.length - off) break;
                        off += next;
                    }
                }
                ByteBuf wire;
                if (raw) {
                    wire = Unpooled.wrappedBuffer(msg); // framing bytes straight from the fuzzer
                } else {
                    wire = Unpooled.buffer(4 + msg.length);
                    wire.writeInt(msg.length);
                    wire.writeBytes(msg);
                }
                if (!ch.isOpen()) {
                    wire.release();
                    return; // the server closed this connection (e.g. after a fatal error): allowed
                }
                try {
                    ch.writeInbound(wire);
                } catch (DecoderException dropped) {
                    return; // bad framing: connection closed
                }
                ByteBuf frame;
                while ((frame = ch.readInbound()) != null) {
                    try {
                        d.onFrame(frame);
                    } catch (Dispatcher.ProtocolViolation dropped) {
                        return; // this connection is dropped
                    } finally {
                        frame.release();
                    }
                }
                checkResponses(ch);
            }
        } finally {
            d.cancelAll();
            for (Session x : conn.sessions.values()) SERVER.closeSession(x);
            checkResponses(ch);
            ch.finishAndReleaseAll();
        }
        ILoggingEvent fail = handlerFailure;
        if (fail != null) {
            throw new AssertionError("handler failed: " + fail.getFormattedMessage() + ": "
                + fail.getThrowableProxy().getClassName() + ": " + fail.getThrowableProxy().getMessage());
        }
    }

    /** Every response the server wrote is one well-formed transport frame. */
    private static void checkResponses(EmbeddedChannel ch) {
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            try {
                int len = b.getInt(b.readerIndex());
                if (len != b.readableBytes() - 4) throw new AssertionError("frame length " + len + " for " + (b.readableBytes() - 4) + " bytes");
            } finally {
                b.release();
            }
        }
    }
}
