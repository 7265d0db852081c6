package dev.casmb.smb.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compounded requests through the real dispatcher on an in-memory connection (MS-SMB2 3.3.5.2.7):
 * which FileId and SessionId related requests inherit (3.3.5.2.7.2), the header of error responses to
 * signed requests that cannot be signed (3.3.4.4), and a CREATE that waits for an oplock break in the
 * middle of a compound (the smbtorture smb2.compound invalid2, invalid3, invalid4 and compound-break
 * cases, byte for byte at the SMB2 level).
 */
class CompoundTest {
    private static final long SID = 0x1000;
    private static final int TID = 1;
    private static final long ALL_ONES = -1L;
    private static final int OPLOCK_BATCH = 0x09;

    @TempDir
    Path dir;
    private ServerContext server;
    private EmbeddedChannel ch;
    private SmbConnection conn;
    private Session session;
    private Dispatcher dispatcher;
    private long nextMid;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        server = TestConnections.server("CMP", dir.resolve("share"));
        ch = new EmbeddedChannel();
        conn = new SmbConnection(ch, 512);
        session = TestConnections.negotiate(conn, SID, TID, server.share("share"), 256);
        dispatcher = new Dispatcher(server, conn, Commands.table());
    }

    @AfterEach
    void tearDown() {
        TestConnections.release(dispatcher, server, session, ch);
    }

    // ---- MS-SMB2 3.3.5.2.7.2: what related requests inherit ----

    @Test
    void unrelatedRequestDropsTheInheritedFileId() {
        // CREATE; unrelated CLOSE(all-ones) fails; the related CLOSE after it must not close the CREATE's
        // open (smbtorture smb2.compound.invalid3).
        List<Resp> r = exchange(
            create("invalid3.dat", 0, 0),
            close(ALL_ONES, ALL_ONES, 0, SID),
            close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, SID));
        assertEquals(List.of(NtStatus.SUCCESS, NtStatus.FILE_CLOSED, NtStatus.FILE_CLOSED), statuses(r));
        assertEquals(1, session.opens.size(), "the CREATE's open is still open");
    }

    @Test
    void relatedRequestInheritsTheCreatesOpenAndSession() {
        // related CLOSE with SessionId and FileId all-ones: the session and open of the CREATE before it
        List<Resp> r = exchange(
            create("related1.dat", 0, 0),
            close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, ALL_ONES));
        assertEquals(List.of(NtStatus.SUCCESS, NtStatus.SUCCESS), statuses(r));
        assertEquals(SID, r.get(1).sessionId);
        assertEquals(0, session.opens.size());
    }

    @Test
    void relatedRequestAfterOneWithoutSessionIsInvalidParameter() {
        // smbtorture smb2.compound.invalid2: unknown SessionId on unrelated requests is USER_SESSION_DELETED;
        // a related request after them has no session to inherit: INVALID_PARAMETER (not FILE_CLOSED).
        List<Resp> r = exchange(
            create("invalid2.dat", 0, 0),
            close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, ALL_ONES),
            close(ALL_ONES, ALL_ONES, 0, ALL_ONES),
            close(ALL_ONES, ALL_ONES, 0, ALL_ONES),
            close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, ALL_ONES));
        assertEquals(List.of(NtStatus.SUCCESS, NtStatus.SUCCESS, NtStatus.USER_SESSION_DELETED,
            NtStatus.USER_SESSION_DELETED, NtStatus.INVALID_PARAMETER), statuses(r));
    }

    @Test
    void firstRequestMarkedRelatedPoisonsTheRelatedChain() {
        // smbtorture smb2.compound.invalid1
        List<Resp> r = exchange(
            withFlags(create("invalid1.dat", 0, 0), Smb2Header.FLAG_RELATED),
            close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, SID),
            close(ALL_ONES, ALL_ONES, 0, SID));
        assertEquals(List.of(NtStatus.INVALID_PARAMETER, NtStatus.INVALID_PARAMETER, NtStatus.FILE_CLOSED), statuses(r));
        assertEquals(0, session.opens.size());
    }

    // ---- MS-SMB2 3.3.4.4: errors to signed requests that cannot be signed ----

    @Test
    void unsignableErrorEchoesSignedFlagAndSignature() {
        byte[] sig = new byte[16];
        for (int i = 0; i < 16; i++) sig[i] = (byte) (0xA0 + i);
        ByteBuf req = signed(close(1, 2, 0, 0xDEADL), sig);
        List<Resp> r = exchange(req);
        assertEquals(NtStatus.USER_SESSION_DELETED, r.get(0).status);
        assertTrue((r.get(0).flags & Smb2Header.FLAG_SIGNED) != 0, "SMB2_FLAGS_SIGNED as in the request");
        assertArrayEquals(sig, r.get(0).signature, "the request's signature");
        assertEquals(0xDEADL, r.get(0).sessionId);
    }

    @Test
    void unsignedRequestGetsNoSignedFlag() {
        List<Resp> r = exchange(close(1, 2, 0, 0xDEADL));
        assertEquals(NtStatus.USER_SESSION_DELETED, r.get(0).status);
        assertEquals(0, r.get(0).flags & Smb2Header.FLAG_SIGNED);
        assertArrayEquals(new byte[16], r.get(0).signature);
    }

    @Test
    void unknownCommandInCompoundIsInvalidParameterWithEchoedSignature() {
        // smbtorture smb2.compound.invalid4: a bogus command 0xFF (body of 4 bytes) related to a READ
        byte[] sig = new byte[16];
        sig[0] = 0x55;
        sig[15] = 0x66;
        ByteBuf bogus = message(0xFF, Smb2Header.FLAG_RELATED, SID, TID, body -> body.writeShortLE(4).writeShortLE(0));
        List<Resp> r = exchange(close(1, 2, 0, SID), signed(bogus, sig));
        assertEquals(2, r.size());
        assertEquals(NtStatus.FILE_CLOSED, r.get(0).status);
        assertEquals(0xFF, r.get(1).command);
        assertEquals(NtStatus.INVALID_PARAMETER, r.get(1).status);
        assertTrue((r.get(1).flags & Smb2Header.FLAG_SIGNED) != 0);
        assertArrayEquals(sig, r.get(1).signature);
    }

    // ---- an async CREATE in the middle of a compound ----

    @Test
    void createWaitingForOplockBreakResumesTheCompound() throws Exception {
        // smbtorture smb2.compound.compound-break: a batch oplock holder, then CREATE + related CLOSE
        List<Resp> first = exchange(create("break.pptx", OPLOCK_BATCH, 0));
        assertEquals(NtStatus.SUCCESS, first.get(0).status);
        assertEquals(OPLOCK_BATCH, first.get(0).body.getUnsignedByte(2));
        long p1 = first.get(0).body.getLongLE(64);
        long v1 = first.get(0).body.getLongLE(72);

        ByteBuf c = compound(create("break.pptx", 0, 0), close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, SID));
        long createMid = nextMid - 2;
        long closeMid = nextMid - 1;
        dispatcher.onFrame(c);
        c.release();
        // the oplock break notification and the CREATE's interim response; nothing for the CLOSE yet
        List<Resp> sent = drain();
        Resp interim = sent.stream().filter(x -> x.command == Smb2Command.CREATE).findFirst().orElseThrow();
        assertEquals(NtStatus.PENDING, interim.status);
        assertTrue((interim.flags & Smb2Header.FLAG_ASYNC) != 0);
        assertEquals(createMid, interim.messageId);
        assertTrue(sent.stream().anyMatch(x -> x.command == Smb2Command.OPLOCK_BREAK), "break sent: " + sent);
        assertTrue(sent.stream().noneMatch(x -> x.command == Smb2Command.CLOSE), "the CLOSE waits for the CREATE");

        // the holder closes its handle: the CREATE completes, then the related CLOSE closes ITS open
        long holderCloseMid = nextMid;
        List<Resp> all = awaitResponses(exchange(close(p1, v1, 0, SID)), 3);
        assertEquals(holderCloseMid, all.get(0).messageId);
        assertEquals(NtStatus.SUCCESS, all.get(0).status);
        List<Resp> rest = all.subList(1, 3);
        assertEquals(Smb2Command.CREATE, rest.get(0).command);
        assertEquals(createMid, rest.get(0).messageId);
        assertEquals(NtStatus.SUCCESS, rest.get(0).status);
        assertTrue((rest.get(0).flags & Smb2Header.FLAG_ASYNC) != 0);
        assertEquals(interim.asyncId, rest.get(0).asyncId);
        assertEquals(Smb2Command.CLOSE, rest.get(1).command);
        assertEquals(closeMid, rest.get(1).messageId);
        assertEquals(NtStatus.SUCCESS, rest.get(1).status, "related CLOSE of the async CREATE's open");
        assertNotEquals(0, rest.get(0).nextCommand, "one compound response");
        assertEquals(0, session.opens.size());
    }

    @Test
    void twoCreatesWaitingInOneCompound() throws Exception {
        // the chain suspends twice: CREATE a (waits), CREATE b (waits), related CLOSE of b's open
        Resp ha = exchange(create("a.dat", OPLOCK_BATCH, 0)).get(0);
        Resp hb = exchange(create("b.dat", OPLOCK_BATCH, 0)).get(0);
        ByteBuf c = compound(create("a.dat", 0, 0), create("b.dat", 0, 0),
            close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, SID));
        long midA = nextMid - 3;
        long midB = nextMid - 2;
        long midClose = nextMid - 1;
        dispatcher.onFrame(c);
        c.release();
        assertTrue(drain().stream().anyMatch(x -> x.messageId == midA && x.status == NtStatus.PENDING));

        // a's holder closes: a's final response, then b's interim (b now waits)
        List<Resp> got = awaitResponses(exchange(close(ha.body.getLongLE(64), ha.body.getLongLE(72), 0, SID)), 3);
        List<Resp> afterA = got.stream().filter(x -> x.command == Smb2Command.CREATE).toList();
        assertEquals(List.of(midA, midB), afterA.stream().map(Resp::messageId).toList());
        assertEquals(NtStatus.SUCCESS, afterA.get(0).status);
        assertEquals(NtStatus.PENDING, afterA.get(1).status);
        assertTrue(got.stream().noneMatch(x -> x.messageId == midClose));

        // b's holder closes: b's final response compounded with the related CLOSE of b's open
        got = awaitResponses(exchange(close(hb.body.getLongLE(64), hb.body.getLongLE(72), 0, SID)), 3);
        assertEquals(List.of(midB, midClose), got.subList(1, 3).stream().map(Resp::messageId).toList());
        assertEquals(List.of(NtStatus.SUCCESS, NtStatus.SUCCESS), statuses(got.subList(1, 3)));
        assertEquals(1, session.opens.size(), "a's second open stays; b's was closed by the related CLOSE");
    }

    @Test
    void cancelledCreateMidCompoundFailsTheRelatedRequest() throws Exception {
        List<Resp> first = exchange(create("cancel.dat", OPLOCK_BATCH, 0));
        assertEquals(NtStatus.SUCCESS, first.get(0).status);
        ByteBuf c = compound(create("cancel.dat", 0, 0), close(ALL_ONES, ALL_ONES, Smb2Header.FLAG_RELATED, SID));
        dispatcher.onFrame(c);
        c.release();
        Resp interim = drain().stream().filter(x -> x.command == Smb2Command.CREATE).findFirst().orElseThrow();
        // CANCEL by AsyncId
        ByteBuf cancel = message(Smb2Command.CANCEL, Smb2Header.FLAG_ASYNC, SID, 0, b -> b.writeShortLE(4).writeShortLE(0));
        cancel.setLongLE(32, interim.asyncId);
        dispatcher.onFrame(cancel);
        cancel.release();
        List<Resp> rest = awaitResponses(new ArrayList<>(), 2);
        assertEquals(NtStatus.CANCELLED, rest.get(0).status);
        assertEquals(NtStatus.CANCELLED, rest.get(1).status, "the related CLOSE gets the CREATE's failure");
        assertEquals(1, session.opens.size(), "only the oplock holder's open");
    }

    // ---- helpers: requests ----

    private interface BodyWriter {
        void write(ByteBuf body);
    }

    /** One SMB2 request message (header + body) with the next message id. */
    private ByteBuf message(int command, int flags, long sid, int tid, BodyWriter w) {
        long mid = command == Smb2Command.CANCEL ? 0 : nextMid++;
        return withFlags(TestConnections.message(command, 1, mid, sid, tid, w::write), flags);
    }

    private ByteBuf create(String name, int oplock, int flags) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        return message(Smb2Command.CREATE, flags, SID, TID, b -> {
            b.writeShortLE(57).writeByte(0).writeByte(oplock).writeIntLE(2); // impersonation
            b.writeLongLE(0).writeLongLE(0);
            b.writeIntLE(0x0012019F); // read/write data, attributes, EA, read control, synchronize
            b.writeIntLE(0x80); // FILE_ATTRIBUTE_NORMAL
            b.writeIntLE(7); // share read/write/delete
            b.writeIntLE(3); // FILE_OPEN_IF
            b.writeIntLE(0x40); // FILE_NON_DIRECTORY_FILE
            b.writeShortLE(64 + 56).writeShortLE(n.length).writeIntLE(0).writeIntLE(0);
            b.writeBytes(n);
        });
    }

    private ByteBuf close(long persistent, long volatileId, int flags, long sid) {
        return message(Smb2Command.CLOSE, flags, sid, flags == 0 ? TID : -1, b -> {
            b.writeShortLE(24).writeShortLE(0).writeIntLE(0).writeLongLE(persistent).writeLongLE(volatileId);
        });
    }

    private static ByteBuf withFlags(ByteBuf m, int flags) {
        m.setIntLE(16, m.getIntLE(16) | flags);
        return m;
    }

    private static ByteBuf signed(ByteBuf m, byte[] sig) {
        withFlags(m, Smb2Header.FLAG_SIGNED);
        m.setBytes(Smb2Header.SIGNATURE_OFFSET, sig);
        return m;
    }

    /** Messages chained by NextCommand (8-byte aligned), as the frame body onFrame gets. */
    private static ByteBuf compound(ByteBuf... msgs) {
        ByteBuf all = Unpooled.buffer();
        for (int i = 0; i < msgs.length; i++) {
            int start = all.writerIndex();
            all.writeBytes(msgs[i]);
            msgs[i].release();
            if (i < msgs.length - 1) {
                all.writeZero((8 - (all.writerIndex() - start) % 8) % 8);
                all.setIntLE(start + 20, all.writerIndex() - start);
            }
        }
        return all;
    }

    /** Sends one compound and returns the responses written synchronously, in order. */
    private List<Resp> exchange(ByteBuf... msgs) {
        TestConnections.dispatch(dispatcher, compound(msgs));
        return drain();
    }

    // ---- helpers: responses ----

    private record Resp(int command, int status, int flags, int nextCommand, long messageId, long asyncId,
                        long sessionId, byte[] signature, ByteBuf body) {
        @Override
        public String toString() {
            return Smb2Command.name(command) + " " + NtStatus.name(status);
        }
    }

    private static List<Integer> statuses(List<Resp> r) {
        List<Integer> s = new ArrayList<>();
        for (Resp x : r) s.add(x.status);
        return s;
    }

    /** Every response written so far, split out of their transport frames. */
    private List<Resp> drain() {
        List<Resp> out = new ArrayList<>();
        for (ByteBuf all : TestConnections.drain(ch)) {
            int off = 0;
            while (true) {
                Smb2Header h = Smb2Header.decode(all, off);
                int len = h.nextCommand == 0 ? all.readableBytes() - off : h.nextCommand;
                out.add(new Resp(h.command, h.status, h.flags, h.nextCommand, h.messageId, h.asyncId, h.sessionId,
                    h.signature.clone(), all.slice(off + 64, len - 64)));
                if (h.nextCommand == 0) break;
                off += h.nextCommand;
            }
        }
        return out;
    }

    /**
     * Waits (running the event loop's tasks) until {@code got} holds {@code n} responses, not counting
     * oplock break notifications (MessageId all-ones), which are left out.
     */
    private List<Resp> awaitResponses(List<Resp> got, int n) throws InterruptedException {
        got = new ArrayList<>(got);
        got.removeIf(x -> x.messageId == -1L);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < n && System.nanoTime() < deadline) {
            for (Resp x : drain()) {
                if (x.messageId != -1L) got.add(x);
            }
            if (got.size() < n) Thread.sleep(10);
        }
        assertEquals(n, got.size(), "responses " + got);
        return got;
    }
}
