package dev.casmb.smb.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.EncryptionCapabilities;
import dev.casmb.smb.proto.message.NegotiateContext;
import dev.casmb.smb.proto.message.NegotiateRequest;
import dev.casmb.smb.proto.message.NegotiateResponse;
import dev.casmb.smb.proto.message.PreauthIntegrityCapabilities;
import dev.casmb.smb.proto.message.SigningCapabilities;
import dev.casmb.smb.proto.message.Smb1NegotiateRequest;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command table's entries through the real dispatcher: the SMB1 NEGOTIATE upgrade (MS-SMB2 3.3.5.3)
 * as the table's SMB1 entry, the SMB2 NEGOTIATE with 3.1.1 contexts end to end, and the CreditCharge
 * payloads READ, WRITE and IOCTL declare (3.3.5.2.5), checked before the handler runs.
 */
class CommandTableTest {
    private static final long SID = 0x2000;
    private static final int TID = 1;

    @TempDir
    Path dir;
    private ServerContext server;
    private EmbeddedChannel ch;
    private SmbConnection conn;
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("share"));
        server = TestConnections.server("TBL", dir.resolve("share"));
        ch = new EmbeddedChannel();
        conn = new SmbConnection(ch, 512);
        dispatcher = new Dispatcher(server, conn, Commands.table());
    }

    @AfterEach
    void tearDown() {
        dispatcher.cancelAll();
        ch.finishAndReleaseAll();
    }

    @Test
    void smb1NegotiateWithWildcardAnswersSmb2Negotiate02ff() throws SmbException {
        dispatcher.onFrame(smb1("NT LM 0.12", "SMB 2.002", "SMB 2.???"));
        ByteBuf m = single();
        Smb2Header h = Smb2Header.decode(m, 0);
        assertEquals(Smb2Command.NEGOTIATE, h.command);
        assertEquals(1, h.credits, "one credit granted");
        assertTrue((h.flags & Smb2Header.FLAG_SERVER_TO_REDIR) != 0);
        NegotiateResponse r = NegotiateResponse.decode(Smb2Body.of(m));
        assertEquals(Dialect.WILDCARD, r.dialectRevision());
        assertEquals(List.of(), r.contexts());
        assertEquals(false, conn.negotiated, "the SMB2 NEGOTIATE follows");
        // MessageId 0 is used: the client's SMB2 NEGOTIATE comes with MessageId 1
        assertEquals(false, conn.credits.consume(0, 1));
        assertEquals(true, conn.credits.consume(1, 1));
    }

    @Test
    void smb1NegotiateWith2002OnlyNegotiates202() throws SmbException {
        dispatcher.onFrame(smb1("NT LM 0.12", "SMB 2.002"));
        NegotiateResponse r = NegotiateResponse.decode(Smb2Body.of(single()));
        assertEquals(Dialect.SMB_2_0_2, r.dialectRevision());
        assertTrue(conn.negotiated);
        assertEquals(Dialect.SMB_2_0_2, conn.dialect);
    }

    @Test
    void smb1WithoutSmb2DialectsOrAfterNegotiateDropsTheConnection() {
        assertThrows(Dispatcher.ProtocolViolation.class, () -> dispatcher.onFrame(smb1("NT LM 0.12")));
        conn.negotiated = true;
        assertThrows(Dispatcher.ProtocolViolation.class, () -> dispatcher.onFrame(smb1("SMB 2.???")));
    }

    @Test
    void aTableWithoutAnSmb1EntryDropsSmb1() {
        CommandTable t = new CommandTable().register(Smb2Command.ECHO, Commands.table().get(Smb2Command.ECHO));
        assertNull(t.smb1Negotiate());
        Dispatcher d = new Dispatcher(server, new SmbConnection(new EmbeddedChannel(), 16), t);
        assertThrows(Dispatcher.ProtocolViolation.class, () -> d.onFrame(smb1("SMB 2.???")));
    }

    @Test
    void negotiate311EndToEnd() throws SmbException {
        byte[] salt = new byte[32];
        NegotiateRequest req = new NegotiateRequest(1, 0x7f, new byte[16], 0,
            new int[] {Dialect.SMB_2_1, Dialect.SMB_3_0_2, Dialect.SMB_3_1_1},
            List.of(new PreauthIntegrityCapabilities(new int[] {1}, salt).context(),
                new EncryptionCapabilities(new int[] {1, 2}).context(),
                new SigningCapabilities(new int[] {1}).context()));
        dispatcher.onFrame(message(Smb2Command.NEGOTIATE, 0, 0, 0, 0, req::encode));
        ByteBuf m = single();
        assertEquals(NtStatus.SUCCESS, Smb2Header.decode(m, 0).status);
        NegotiateResponse r = NegotiateResponse.decode(Smb2Body.of(m));
        assertEquals(Dialect.SMB_3_1_1, r.dialectRevision());
        assertArrayEquals(server.serverGuid(), r.serverGuid());
        assertEquals(0x80, m.getUnsignedShortLE(64 + 56), "SecurityBufferOffset");
        assertEquals(0, m.getIntLE(64 + 60) % 8, "contexts 8-byte aligned");
        List<NegotiateContext> c = r.contexts();
        assertEquals(3, c.size());
        PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(c.get(0).data());
        assertArrayEquals(new int[] {1}, p.hashAlgorithms());
        assertEquals(32, p.salt().length);
        assertArrayEquals(new int[] {2}, EncryptionCapabilities.decode(c.get(1).data()).ciphers(), "AES-128-GCM preferred");
        assertArrayEquals(new int[] {1}, SigningCapabilities.decode(c.get(2).data()).algorithms());
        assertTrue(conn.negotiated);
        assertNotNull(conn.preauthHash);
    }

    @Test
    void negotiateWithoutPreauthContextIsInvalidParameter() {
        NegotiateRequest req = new NegotiateRequest(1, 0, new byte[16], 0, new int[] {Dialect.SMB_3_1_1},
            List.of(new SigningCapabilities(new int[] {1}).context()));
        dispatcher.onFrame(message(Smb2Command.NEGOTIATE, 0, 0, 0, 0, req::encode));
        assertEquals(NtStatus.INVALID_PARAMETER, Smb2Header.decode(single(), 0).status);
        assertEquals(false, conn.negotiated);
    }

    @Test
    void tableEntriesDeclareCreditPayloads() throws SmbException {
        CommandTable t = Commands.table();
        for (int cmd : new int[] {Smb2Command.READ, Smb2Command.WRITE, Smb2Command.IOCTL, Smb2Command.QUERY_DIRECTORY,
            Smb2Command.CHANGE_NOTIFY, Smb2Command.QUERY_INFO, Smb2Command.SET_INFO}) {
            assertNotNull(t.entry(cmd).creditPayload(), Smb2Command.name(cmd));
        }
        assertNull(t.entry(Smb2Command.ECHO).creditPayload());
        assertNull(t.entry(Smb2Command.CANCEL).creditPayload());
        ByteBuf read = Unpooled.buffer().writeZero(64);
        readBody(read, 200_000);
        assertEquals(200_000L, t.entry(Smb2Command.READ).creditPayload().of(Smb2Body.of(read)));
        ByteBuf ioctl = Unpooled.buffer().writeZero(64);
        ioctl.writeShortLE(57).writeShortLE(0).writeIntLE(0x00140204).writeLongLE(-1).writeLongLE(-1);
        ioctl.writeIntLE(0).writeIntLE(0).writeIntLE(0x10000).writeIntLE(0).writeIntLE(0).writeIntLE(0x30000);
        ioctl.writeIntLE(1).writeIntLE(0).writeByte(0);
        assertEquals(0x40000L, t.entry(Smb2Command.IOCTL).creditPayload().of(Smb2Body.of(ioctl)));
    }

    @Test
    void creditChargeIsCheckedBeforeTheHandler() {
        negotiated();
        // 128 KiB with CreditCharge 1: INVALID_PARAMETER before the FileId is looked up (it is unknown)
        dispatcher.onFrame(message(Smb2Command.READ, 1, SID, TID, 1, b -> readBody(b, 131072)));
        assertEquals(NtStatus.INVALID_PARAMETER, Smb2Header.decode(single(), 0).status);
        // CreditCharge 2 covers it: the handler runs and finds no such open
        dispatcher.onFrame(message(Smb2Command.READ, 2, SID, TID, 2, b -> readBody(b, 131072)));
        assertEquals(NtStatus.FILE_CLOSED, Smb2Header.decode(single(), 0).status);
        // QUERY_INFO: the larger of the input and output buffer lengths (MS-SMB2 3.3.5.2.5)
        dispatcher.onFrame(message(Smb2Command.QUERY_INFO, 1, SID, TID, 4, b -> new dev.casmb.smb.proto.message.QueryInfoRequest(
            1, 4, 4096, 0, 0, 0, 0, new dev.casmb.smb.proto.FileId(1, 2)).encode(b)));
        assertEquals(NtStatus.FILE_CLOSED, Smb2Header.decode(single(), 0).status);
        dispatcher.onFrame(message(Smb2Command.QUERY_INFO, 1, SID, TID, 5, b -> new dev.casmb.smb.proto.message.QueryInfoRequest(
            1, 4, 131072, 0, 0, 0, 0, new dev.casmb.smb.proto.FileId(1, 2)).encode(b)));
        assertEquals(NtStatus.INVALID_PARAMETER, Smb2Header.decode(single(), 0).status);
    }

    @Test
    void negotiateMayComeFirstAndCancelIsUnanswered() {
        CommandTable t = Commands.table();
        for (int cmd = 0; cmd < Smb2Command.COUNT; cmd++) {
            assertEquals(cmd == Smb2Command.NEGOTIATE, t.get(cmd).beforeNegotiate(), Smb2Command.name(cmd));
            assertEquals(cmd != Smb2Command.CANCEL, t.get(cmd).answered(), Smb2Command.name(cmd));
        }
        // before NEGOTIATE, CANCEL (like any command but NEGOTIATE) drops the connection
        assertThrows(Dispatcher.ProtocolViolation.class,
            () -> dispatcher.onFrame(message(Smb2Command.CANCEL, 0, 0, 0, 0, b -> b.writeShortLE(4).writeShortLE(0))));
    }

    @Test
    void cancelHasNoResponseAndConsumesNoCredit() {
        negotiated();
        dispatcher.onFrame(message(Smb2Command.CANCEL, 0, SID, TID, 0, b -> b.writeShortLE(4).writeShortLE(0)));
        ch.runPendingTasks();
        assertNull(ch.readOutbound(), "no response to CANCEL");
        // MessageId 0 is still unused: an ECHO may take it
        dispatcher.onFrame(message(Smb2Command.ECHO, 1, SID, 0, 0, b -> b.writeShortLE(4).writeShortLE(0)));
        assertEquals(NtStatus.SUCCESS, Smb2Header.decode(single(), 0).status);
    }

    @Test
    void creditChargeRules() throws SmbException {
        CreditCharge.check(true, 0, 65536);
        CreditCharge.check(true, 2, 65537);
        CreditCharge.check(false, 0, 65536);
        assertThrows(SmbException.class, () -> CreditCharge.check(true, 1, 65537));
        assertThrows(SmbException.class, () -> CreditCharge.check(false, 8, 65537));
    }

    // ---- helpers ----

    private void negotiated() {
        TestConnections.negotiate(conn, SID, TID, server.share("share"), 256);
    }

    private static void readBody(ByteBuf b, int length) {
        b.writeShortLE(49).writeByte(0).writeByte(0).writeIntLE(length).writeLongLE(0);
        b.writeLongLE(5).writeLongLE(6).writeIntLE(0).writeIntLE(0).writeIntLE(0).writeShortLE(0).writeShortLE(0);
        b.writeByte(0);
    }

    private interface BodyWriter {
        void write(ByteBuf body);
    }

    private static ByteBuf message(int command, int charge, long sid, int tid, long mid, BodyWriter w) {
        return TestConnections.message(command, charge, mid, sid, tid, w::write);
    }

    private static ByteBuf smb1(String... dialects) {
        ByteBuf b = Unpooled.buffer();
        new Smb1NegotiateRequest(List.of(dialects)).encode(b);
        return b;
    }

    /** The one message written so far (transport header stripped). */
    private ByteBuf single() {
        List<ByteBuf> out = TestConnections.drain(ch);
        assertEquals(1, out.size(), "one response");
        return out.get(0);
    }
}
