package dev.casmb.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.command.Commands;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.dispatch.TestConnections;
import dev.casmb.smb.lease.LeaseContext;
import dev.casmb.smb.lease.Oplocks;
import dev.casmb.smb.notify.Notifications;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.LeaseState;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.ChangeNotifyRequest;
import dev.casmb.smb.proto.message.ChangeNotifyResponse;
import dev.casmb.smb.proto.message.FileNotifyInformation;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Lease;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenLifecycleListener;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
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
 * Two servers in one JVM share no lease, oplock or change-notify state (issue 13): both serve the same directory,
 * as the two nodes of a pair do in the loopback tests, and neither sees the other's leases or changes.
 */
class PerServerStateTest {
    private static final long SID = 0x2000;
    private static final int TID = 1;
    private static final byte[] CLIENT = HexFormat.of().parseHex("11111111222222223333333344444444");
    private static final byte[] KEY = HexFormat.of().parseHex("0df0dde0fe0fdcbaf20f221f01f02345");

    @TempDir
    Path dir;
    private Node a;
    private Node b;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("share/watched"));
        a = new Node("A", dir.resolve("share"));
        b = new Node("B", dir.resolve("share"));
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    @Test
    void eachServerHasItsOwnTables() {
        assertNotSame(a.server.leases(), b.server.leases());
        assertNotSame(a.server.oplocks(), b.server.oplocks());
        assertNotSame(a.server.notifications(), b.server.notifications());
        assertNotSame(a.server.breaks(), b.server.breaks());
    }

    @Test
    void sameClientGuidAndLeaseKeyOnTwoServersAreTwoLeases() throws SmbException {
        Path file = dir.resolve("share/vm.vhdx");
        Open onA = open(new FileNode(file), 1);
        LeaseContext rwh = new LeaseContext(2, KEY, LeaseState.RWH, 0, null, 0);
        Lease la = a.server.leases().grant(onA, rwh, CLIENT, null);
        assertSame(la, a.server.leases().find(CLIENT, KEY));
        assertNull(b.server.leases().find(CLIENT, KEY), "server B knows nothing of A's lease");

        // the key names another file on B: fine there (one table would refuse it as in use for another file)
        Path other = dir.resolve("share/other.vhdx");
        b.server.leases().checkKey(CLIENT, rwh, other);
        Open onB = open(new FileNode(other), 2);
        Lease lb = b.server.leases().grant(onB, new LeaseContext(2, KEY, LeaseState.RH, 0, null, 0), CLIENT, null);
        assertNotSame(la, lb);
        assertEquals(LeaseState.RWH, la.state());
        assertEquals(LeaseState.RH, lb.state());
        assertEquals(NtStatus.INVALID_PARAMETER,
            assertThrows(SmbException.class, () -> a.server.leases().checkKey(CLIENT, rwh, other)).status(),
            "on A the key still names vm.vhdx");

        // closing on B leaves A's lease alone
        b.server.leases().onClose(onB);
        assertNull(b.server.leases().find(CLIENT, KEY));
        assertSame(la, a.server.leases().find(CLIENT, KEY));
        a.server.leases().onClose(onA);
        assertNull(a.server.leases().find(CLIENT, KEY));
    }

    @Test
    void anOplockBreakOnOneServerIsUnknownToTheOther() {
        FileNode node = new FileNode(dir.resolve("share/batch.dat"));
        Open holder = open(node, 3);
        assertEquals(Oplocks.BATCH, a.server.oplocks().grant(holder, Oplocks.BATCH, null));
        Open other = open(node, 4);
        // a conflicting open on A breaks the BATCH oplock (no connection to tell: the break waits for its ack)
        assertEquals(List.of(holder), a.server.oplocks().breakFor(node, 0x12019f, false, false));
        assertEquals(Oplocks.AckResult.NOT_BREAKING, b.server.oplocks().acknowledge(holder, Oplocks.LEVEL_II),
            "B has no break outstanding for A's open");
        assertEquals(Oplocks.AckResult.OK, a.server.oplocks().acknowledge(holder, Oplocks.LEVEL_II));
        assertEquals(Oplocks.LEVEL_II, holder.oplockLevel);
        a.server.oplocks().onClose(holder);
        a.server.oplocks().onClose(other);
    }

    @Test
    void aWatchOnOneServerDoesNotFireForAChangeOnTheOther() throws Exception {
        FileId watched = a.createId("watched", true);
        List<Resp> r = a.exchange(a.changeNotify(watched));
        assertEquals(1, r.size());
        assertEquals(NtStatus.PENDING, r.get(0).status, "no change yet: the request waits");
        assertEquals(1, a.server.notifications().watchCount());
        assertEquals(0, b.server.notifications().watchCount());

        // B adds a file in the same directory on disk: A's watch hears nothing
        b.createId("watched\\from-b.txt", false);
        assertTrue(a.drain().isEmpty(), "a change made through B completed A's notification");

        // A adds one: the watch completes with just that name
        List<Resp> done = a.awaitOther(Smb2Command.CHANGE_NOTIFY, a.exchange(a.create("watched\\from-a.txt", false)));
        assertEquals(NtStatus.SUCCESS, done.get(0).status);
        ChangeNotifyResponse cn = ChangeNotifyResponse.decode(Smb2Body.of(done.get(0).message));
        assertEquals(List.of(new FileNotifyInformation(FileNotifyInformation.ADDED, "from-a.txt")), cn.changes());
    }

    @Test
    void closeRunsTheRegisteredListenersInOrder() throws Exception {
        List<String> heard = new ArrayList<>();
        a.server.addOpenListener(new OpenLifecycleListener() {
            @Override public void onClose(Open o) { heard.add("close " + o.smbPath + " table=" + a.server.opens().all().contains(o)); }
        });
        FileId id = a.createId("listened.txt", false);
        a.exchange(a.message(Smb2Command.CLOSE, x -> x.writeShortLE(24).writeShortLE(0).writeIntLE(0)
            .writeLongLE(id.persistent()).writeLongLE(id.volatileId())));
        assertEquals(List.of("close listened.txt table=false"), heard, "after leaving the open table");
    }

    private static Open open(FileNode node, long id) {
        Open o = new Open(id, id, null, node, false, 0x12019f, 7, 0, node.path.getFileName().toString());
        node.opens.add(o);
        return o;
    }

    /** One server with one in-memory connection, session and tree on the share. */
    private static final class Node {
        final ServerContext server;
        final EmbeddedChannel ch = new EmbeddedChannel();
        final Session session;
        final Dispatcher dispatcher;
        long nextMid;

        Node(String name, Path share) throws Exception {
            server = TestConnections.server(name, share);
            SmbConnection conn = new SmbConnection(ch, 512);
            conn.clientGuid = CLIENT.clone();
            session = TestConnections.negotiate(conn, SID, TID, server.share("share"), 256);
            dispatcher = new Dispatcher(server, conn, Commands.table());
        }

        void close() {
            TestConnections.release(dispatcher, server, session, ch);
            server.close();
        }

        ByteBuf message(int command, Consumer<ByteBuf> body) {
            return TestConnections.message(command, 1, nextMid++, SID, TID, body);
        }

        ByteBuf create(String name, boolean directory) {
            byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
            return message(Smb2Command.CREATE, b -> {
                b.writeShortLE(57).writeByte(0).writeByte(0).writeIntLE(2);
                b.writeLongLE(0).writeLongLE(0);
                b.writeIntLE(directory ? 0x00100081 : 0x0012019F);
                b.writeIntLE(directory ? 0x10 : 0x80);
                b.writeIntLE(7);
                b.writeIntLE(3); // FILE_OPEN_IF
                b.writeIntLE(directory ? 0x1 : 0x40);
                b.writeShortLE(64 + 56).writeShortLE(n.length).writeIntLE(0).writeIntLE(0);
                b.writeBytes(n);
            });
        }

        FileId createId(String name, boolean directory) {
            List<Resp> r = exchange(create(name, directory));
            assertEquals(NtStatus.SUCCESS, r.get(0).status, "CREATE " + name);
            ByteBuf m = r.get(0).message;
            return new FileId(m.getLongLE(64 + 64), m.getLongLE(64 + 72));
        }

        ByteBuf changeNotify(FileId id) {
            return message(Smb2Command.CHANGE_NOTIFY,
                b -> new ChangeNotifyRequest(0, 4096, id, Notifications.FILE_NAME, 0).encode(b));
        }

        List<Resp> exchange(ByteBuf m) {
            TestConnections.dispatch(dispatcher, m);
            return drain();
        }

        List<Resp> drain() {
            List<Resp> out = new ArrayList<>();
            for (ByteBuf msg : TestConnections.drain(ch)) {
                Smb2Header h = Smb2Header.decode(msg, 0);
                out.add(new Resp(h.command, h.status, msg));
            }
            return out;
        }

        /** Waits for a response of {@code command} with a status other than PENDING. */
        List<Resp> awaitOther(int command, List<Resp> already) throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<Resp> got = new ArrayList<>();
            List<Resp> seen = new ArrayList<>(already);
            while (System.nanoTime() < deadline) {
                seen.addAll(drain());
                for (Resp x : seen) if (x.command == command && x.status != NtStatus.PENDING) got.add(x);
                if (!got.isEmpty()) return got;
                seen.clear();
                Thread.sleep(10);
            }
            assertNotNull(null, "no " + Smb2Command.name(command) + " completion");
            return got;
        }
    }

    private record Resp(int command, int status, ByteBuf message) {}
}
