package dev.casmb.smb.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.lease.BreakSender;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.LeaseState;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.LeaseBreakAcknowledgment;
import dev.casmb.smb.proto.message.LeaseBreakResponse;
import dev.casmb.smb.proto.message.LockRequest;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaks and acknowledgements through the real dispatcher on an in-memory connection: a conflicting leased CREATE
 * makes {@link BreakSender} send the Lease Break Notification (MS-SMB2 2.2.23.2, unsolicited header byte for byte),
 * the OPLOCK_BREAK lease acknowledgement (2.2.24.2) is answered (2.2.25.2) and lets the waiting CREATE finish; a
 * blocked LOCK is granted when the holder's handle closes (locks released by the close listeners).
 */
class BreakSenderTest {
    private static final long SID = 0x3000;
    private static final int TID = 1;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CLIENT = HEX.parseHex("aaaaaaaabbbbbbbbccccccccdddddddd");
    private static final byte[] KEY1 = HEX.parseHex("0df0dde0fe0fdcbaf20f221f01f02345");
    private static final byte[] KEY2 = HEX.parseHex("0ef0dde0fe0fdcbaf20f221f01f02345");
    /** The unsolicited header (MS-SMB2 2.2.23): OPLOCK_BREAK, SERVER_TO_REDIR, MessageId all ones, the rest 0. */
    private static final String BREAK_HEADER = "fe534d42" + "4000" + "0000" + "00000000" + "1200" + "0000" + "01000000"
        + "00000000" + "ffffffffffffffff" + "00000000" + "00000000" + "0000000000000000" + "00".repeat(16);

    @TempDir
    Path dir;
    private ServerContext server;
    private EmbeddedChannel ch;
    private Session session;
    private Dispatcher dispatcher;
    private long nextMid;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        server = TestConnections.server("BRK", dir.resolve("share"));
        ch = new EmbeddedChannel();
        SmbConnection conn = new SmbConnection(ch, 512);
        conn.clientGuid = CLIENT.clone();
        session = TestConnections.negotiate(conn, SID, TID, server.share("share"), 256);
        dispatcher = new Dispatcher(server, conn, Commands.table());
    }

    @AfterEach
    void tearDown() {
        TestConnections.release(dispatcher, server, session, ch);
        server.close();
    }

    @Test
    void leaseBreakNotificationAcknowledgementAndWaitingCreate() throws Exception {
        List<Resp> first = exchange(leasedCreate("leased.dat", KEY1));
        assertEquals(NtStatus.SUCCESS, first.get(0).status);

        // same client, another key, read/write access: the first lease loses W and must acknowledge
        List<Resp> second = exchange(leasedCreate("leased.dat", KEY2));
        Resp brk = second.stream().filter(r -> r.messageId == -1L).findFirst().orElseThrow();
        // v2 lease granted at epoch 1; the break is epoch 2, ACK_REQUIRED, RWH -> RH
        assertEquals(BREAK_HEADER + "2c00" + "0200" + "01000000" + HEX.formatHex(KEY1) + "07000000" + "03000000"
            + "00".repeat(12), HEX.formatHex(brk.bytes));
        assertTrue(second.stream().anyMatch(r -> r.command == Smb2Command.CREATE && r.status == NtStatus.PENDING),
            "the CREATE waits for the acknowledgement");

        List<Resp> acked = exchange(message(Smb2Command.OPLOCK_BREAK,
            b -> new LeaseBreakAcknowledgment(0, KEY1, LeaseState.RH, 0).encode(b)));
        Resp ackResp = acked.stream().filter(r -> r.command == Smb2Command.OPLOCK_BREAK).findFirst().orElseThrow();
        assertEquals(NtStatus.SUCCESS, ackResp.status);
        ByteBuf body = Unpooled.wrappedBuffer(ackResp.bytes);
        LeaseBreakResponse lr = LeaseBreakResponse.decode(Smb2Body.of(body));
        assertArrayEquals(KEY1, lr.leaseKey());
        assertEquals(LeaseState.RH, lr.leaseState());
        Resp created = awaitFinal(Smb2Command.CREATE, acked);
        assertEquals(NtStatus.SUCCESS, created.status);
    }

    @Test
    void unsolicitedOplockBreakFramesAreByteIdentical() {
        ByteBuf b = BreakSender.encode(UnpooledByteBufAllocator.DEFAULT,
            new dev.casmb.smb.proto.message.OplockBreakNotification(1, new FileId(0x11, 0x22)));
        assertEquals(BREAK_HEADER + "1800" + "01" + "00" + "00000000" + "1100000000000000" + "2200000000000000",
            ByteBufUtil.hexDump(b));
        b.release();
    }

    @Test
    void aBlockedLockIsGrantedWhenTheHoldersHandleCloses() throws Exception {
        FileId holder = fileId(exchange(plainCreate("locked.dat")));
        FileId waiter = fileId(exchange(plainCreate("locked.dat")));
        assertEquals(NtStatus.SUCCESS, exchange(lock(holder, LockRequest.EXCLUSIVE | LockRequest.FAIL_IMMEDIATELY)).get(0).status);
        assertEquals(NtStatus.LOCK_NOT_GRANTED,
            exchange(lock(waiter, LockRequest.EXCLUSIVE | LockRequest.FAIL_IMMEDIATELY)).get(0).status);
        List<Resp> blocked = exchange(lock(waiter, LockRequest.EXCLUSIVE));
        assertEquals(NtStatus.PENDING, blocked.get(0).status);
        List<Resp> closed = exchange(message(Smb2Command.CLOSE, b -> b.writeShortLE(24).writeShortLE(0).writeIntLE(0)
            .writeLongLE(holder.persistent()).writeLongLE(holder.volatileId())));
        assertEquals(NtStatus.SUCCESS, awaitFinal(Smb2Command.LOCK, closed).status);
    }

    // ---- helpers ----

    private ByteBuf message(int command, Consumer<ByteBuf> body) {
        return TestConnections.message(command, 1, nextMid++, SID, TID, body);
    }

    private ByteBuf leasedCreate(String name, byte[] key) {
        byte[] ctx = ByteBufUtil.getBytes(CreateContexts.encode(UnpooledByteBufAllocator.DEFAULT, List.of(new CreateContexts.Ctx(
            LeaseContext.TAG, new LeaseContext(2, key, LeaseState.RWH, 0, null, 0).encode()))));
        return create(name, 0xFF, ctx);
    }

    private ByteBuf plainCreate(String name) {
        return create(name, 0, new byte[0]);
    }

    private ByteBuf create(String name, int oplock, byte[] contexts) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        int ctxOffset = contexts.length == 0 ? 0 : (64 + 56 + n.length + 7) & ~7;
        return message(Smb2Command.CREATE, b -> {
            b.writeShortLE(57).writeByte(0).writeByte(oplock).writeIntLE(2);
            b.writeLongLE(0).writeLongLE(0);
            b.writeIntLE(0x0012019F);
            b.writeIntLE(0x80);
            b.writeIntLE(7);
            b.writeIntLE(3); // FILE_OPEN_IF
            b.writeIntLE(0x40);
            b.writeShortLE(64 + 56).writeShortLE(n.length).writeIntLE(ctxOffset).writeIntLE(contexts.length);
            b.writeBytes(n);
            if (contexts.length > 0) {
                b.writeZero(ctxOffset - b.writerIndex());
                b.writeBytes(contexts);
            }
        });
    }

    private ByteBuf lock(FileId id, int flags) {
        return message(Smb2Command.LOCK,
            b -> new LockRequest(0, id, List.of(new LockRequest.Element(0, 10, flags))).encode(b));
    }

    private static FileId fileId(List<Resp> r) {
        assertEquals(NtStatus.SUCCESS, r.get(0).status);
        ByteBuf m = Unpooled.wrappedBuffer(r.get(0).bytes);
        return new FileId(m.getLongLE(64 + 64), m.getLongLE(64 + 72));
    }

    private List<Resp> exchange(ByteBuf m) {
        TestConnections.dispatch(dispatcher, m);
        return drain();
    }

    private List<Resp> drain() {
        List<Resp> out = new ArrayList<>();
        for (ByteBuf m : TestConnections.drain(ch)) {
            Smb2Header h = Smb2Header.decode(m, 0);
            out.add(new Resp(h.command, h.status, h.messageId, ByteBufUtil.getBytes(m)));
        }
        return out;
    }

    /** The first non-PENDING response of {@code command}, among {@code already} or written within 10 s. */
    private Resp awaitFinal(int command, List<Resp> already) throws InterruptedException, SmbException {
        List<Resp> seen = new ArrayList<>(already);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (Resp r : seen) {
                if (r.command == command && r.status != NtStatus.PENDING && r.messageId != -1L) return r;
            }
            if (System.nanoTime() > deadline) throw new AssertionError("no final " + Smb2Command.name(command) + " in " + seen);
            Thread.sleep(10);
            seen = drain();
        }
    }

    private record Resp(int command, int status, long messageId, byte[] bytes) {
        @Override public String toString() { return Smb2Command.name(command) + " " + NtStatus.name(status); }
    }
}
