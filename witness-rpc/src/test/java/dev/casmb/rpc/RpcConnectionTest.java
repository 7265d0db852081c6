package dev.casmb.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.pdu.BindPdu;
import dev.casmb.rpc.pdu.ContextElement;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.LittleEndian;
import dev.casmb.rpc.pdu.PduEncoder;
import dev.casmb.rpc.pdu.PduType;
import dev.casmb.rpc.pdu.PfcFlags;
import dev.casmb.rpc.pdu.RawPdu;
import dev.casmb.rpc.pdu.SyntaxId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcConnectionTest {
    static final SyntaxId ECHO = new SyntaxId(UUID.fromString("11112222-3333-4444-5555-666677778888"), 1, 0);
    RpcServer server;
    CompletableFuture<byte[]> pending;

    /** opnum 0 echoes the stub, opnum 1 stays pending until the test completes it, others fault. */
    class EchoService implements RpcInterface {
        @Override
        public SyntaxId syntax() {
            return ECHO;
        }

        @Override
        public CompletableFuture<byte[]> invoke(int opnum, byte[] stub, RpcCallContext ctx) {
            if (opnum == 0) {
                return CompletableFuture.completedFuture(stub);
            }
            if (opnum == 1) {
                pending = new CompletableFuture<>();
                return pending;
            }
            throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR);
        }
    }

    @BeforeEach
    void setUp() {
        server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults().withMaxRequestBytes(64 * 1024));
        server.register(new EchoService());
    }

    private static int ackResult(RawPdu ack, int i) {
        int secLen = ack.u16(8);
        int off = 10 + secLen;
        off += (4 - ((16 + off) % 4)) % 4;
        return ack.u16(off + 4 + 24 * i);
    }

    private static int ackReason(RawPdu ack, int i) {
        int secLen = ack.u16(8);
        int off = 10 + secLen;
        off += (4 - ((16 + off) % 4)) % 4;
        return ack.u16(off + 6 + 24 * i);
    }

    @Test
    void bindAcceptsNdr20AndNegotiatesFragSize() throws Exception {
        TestClient c = new TestClient(server);
        RawPdu ack = c.bind(ECHO, 0, 4280);
        assertEquals(PduType.BIND_ACK, ack.type());
        assertEquals(4280, ack.u16(0));
        assertTrue(ack.u32(4) != 0);
        assertEquals(0, ackResult(ack, 0));
        assertEquals(4280, c.conn.negotiatedFragSize());
    }

    @Test
    void bindRejectsNdr64OnlyAndUnknownInterfaceButAcksBtfn() throws Exception {
        TestClient c = new TestClient(server);
        c.conn.receive(TestClient.bindPdu(PduType.BIND, 1, 0, 5840,
                new ContextElement(0, ECHO, List.of(SyntaxId.NDR64)),
                new ContextElement(1, new SyntaxId(UUID.randomUUID(), 1, 0), List.of(SyntaxId.NDR20)),
                new ContextElement(2, ECHO, List.of(new SyntaxId(UUID.fromString("6cb71c2c-9812-4540-0300-000000000000"), 1, 0))),
                new ContextElement(3, ECHO, List.of(SyntaxId.NDR64, SyntaxId.NDR20))));
        RawPdu ack = RawPdu.decode(c.sent.get(0));
        assertEquals(2, ackResult(ack, 0));
        assertEquals(2, ackReason(ack, 0)); // proposed transfer syntaxes not supported
        assertEquals(2, ackResult(ack, 1));
        assertEquals(1, ackReason(ack, 1)); // abstract syntax not supported
        assertEquals(3, ackResult(ack, 2)); // negotiate_ack
        assertEquals(2, ackReason(ack, 2)); // KeepConnectionOnOrphan only
        assertEquals(0, ackResult(ack, 3));
        // context 0 was rejected: calling it faults, context 3 works
        assertEquals(FaultStatus.NCA_S_UNK_IF, TestClient.faultStatus(c.call(0, 0, new byte[4]).get(0)));
        assertArrayEquals(new byte[] {1, 2}, TestClient.responseStub(c.call(3, 0, new byte[] {1, 2})));
    }

    @Test
    void requestResponseAndUnknownOpnum() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        assertArrayEquals(new byte[] {9, 8, 7}, TestClient.responseStub(c.call(0, new byte[] {9, 8, 7})));
        assertEquals(FaultStatus.NCA_S_OP_RNG_ERROR, TestClient.faultStatus(c.call(7, new byte[0]).get(0)));
        assertFalse(c.closed);
    }

    @Test
    void fragmentsLargeResponsesAndReassemblesRequests() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO, 0, 2048);
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        // request in fragments of 1000 bytes
        c.sent.clear();
        int callId = c.nextCallId();
        for (int off = 0; off < big.length; off += 1000) {
            int flags = (off == 0 ? PfcFlags.FIRST_FRAG : 0) | (off + 1000 >= big.length ? PfcFlags.LAST_FRAG : 0);
            c.conn.receive(TestClient.request(callId, 0, 0, Arrays.copyOfRange(big, off, off + 1000), flags));
        }
        List<RawPdu> out = c.sent.stream().map(b -> {
            try {
                return RawPdu.decode(b);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertTrue(out.size() >= 5, "expected several response fragments, got " + out.size());
        for (RawPdu p : out) {
            assertTrue(p.wire().length <= 2048);
            assertEquals(callId, p.callId());
        }
        assertTrue(out.get(0).header().has(PfcFlags.FIRST_FRAG));
        assertTrue(out.get(out.size() - 1).header().has(PfcFlags.LAST_FRAG));
        assertEquals(big.length, out.get(0).u32(0)); // alloc_hint
        assertArrayEquals(big, TestClient.responseStub(out));
    }

    @Test
    void oversizedRequestIsFaultedAndConnectionClosed() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        int callId = c.nextCallId();
        c.sent.clear();
        for (int i = 0; i < 20 && !c.closed; i++) {
            c.conn.receive(TestClient.request(callId, 0, 0, new byte[4000], i == 0 ? PfcFlags.FIRST_FRAG : 0));
        }
        assertEquals(FaultStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, TestClient.faultStatus(RawPdu.decode(c.sent.get(0))));
        assertTrue(c.closed);
    }

    @Test
    void malformedPdusCloseOnlyThatConnection() throws Exception {
        TestClient good = new TestClient(server);
        good.bind(ECHO);
        byte[][] garbage = {
            new byte[0],
            new byte[] {5, 0, 0, 3},
            Golden.hex("05 00 00 03 10 00 00 00 10 00 00 00 01 00 00 00"), // request before bind
            Golden.hex("05 00 0b 03 10 00 00 00 1c 00 00 00 01 00 00 00 d0 16 d0 16 00 00 00 00 05 00 00 00"), // 5 ctx, none present
            Golden.hex("05 00 63 03 10 00 00 00 10 00 00 00 01 00 00 00"), // unknown PTYPE
        };
        for (byte[] g : garbage) {
            TestClient c = new TestClient(server);
            c.conn.receive(g);
            assertTrue(c.closed, "should close on " + Golden.toHex(g));
        }
        // truncated request after bind: fault proto error + close
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        c.sent.clear();
        c.conn.receive(Golden.hex("05 00 00 03 10 00 00 00 14 00 00 00 02 00 00 00 01 00 00 00"));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, TestClient.faultStatus(RawPdu.decode(c.sent.get(0))));
        assertTrue(c.closed);
        // middle fragment without a first fragment
        TestClient d = new TestClient(server);
        d.bind(ECHO);
        d.conn.receive(TestClient.request(9, 0, 0, new byte[8], PfcFlags.LAST_FRAG));
        assertTrue(d.closed);
        // the unrelated connection still works
        assertArrayEquals(new byte[] {1}, TestClient.responseStub(good.call(0, new byte[] {1})));
        assertFalse(good.closed);
    }

    @Test
    void secondConnectionJoinsAssociationFromSameAddressOnly() throws Exception {
        TestClient a = new TestClient(server);
        int assoc = a.bind(ECHO).u32(4);
        TestClient b = new TestClient(server);
        RawPdu ack = b.bind(ECHO, assoc, 5840);
        assertEquals(PduType.BIND_ACK, ack.type());
        assertEquals(assoc, ack.u32(4));
        TestClient other = new TestClient(server, "10.0.0.77");
        assertEquals(PduType.BIND_NAK, other.bind(ECHO, assoc, 5840).type());
        TestClient unknown = new TestClient(server);
        assertEquals(PduType.BIND_NAK, unknown.bind(ECHO, 0x7777, 5840).type());
        assertEquals(1, server.associations().size());
        a.conn.close();
        b.conn.close();
        assertEquals(0, server.associations().size());
    }

    @Test
    void alterContextAddsPresentationContext() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        c.sent.clear();
        c.conn.receive(TestClient.bindPdu(PduType.ALTER_CONTEXT, 5, 0, 5840,
                new ContextElement(4, ECHO, List.of(SyntaxId.NDR20))));
        RawPdu resp = RawPdu.decode(c.sent.get(0));
        assertEquals(PduType.ALTER_CONTEXT_RESP, resp.type());
        assertEquals(0, ackResult(resp, 0));
        assertArrayEquals(new byte[] {5}, TestClient.responseStub(c.call(4, 0, new byte[] {5})));
    }

    @Test
    void pendingCallCompletesLaterAndCanBeCancelled() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        assertTrue(c.call(1, new byte[0]).isEmpty());
        // other calls proceed while one is pending
        assertArrayEquals(new byte[] {3}, TestClient.responseStub(c.call(0, new byte[] {3})));
        c.sent.clear();
        pending.complete(new byte[] {4, 2});
        assertArrayEquals(new byte[] {4, 2}, TestClient.responseStub(List.of(RawPdu.decode(c.sent.get(0)))));

    }

    @Test
    void coCancelAnswersWithCancelFault() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        int callId = c.nextCallId();
        c.conn.receive(TestClient.request(callId, 0, 1, new byte[0], 3));
        c.sent.clear();
        c.conn.receive(PduEncoder.encode(PduType.CO_CANCEL, 3, callId, new byte[0]));
        assertTrue(pending.isCancelled());
        assertEquals(FaultStatus.NCA_S_FAULT_CANCEL, TestClient.faultStatus(RawPdu.decode(c.sent.get(0))));
        // orphaned: silently dropped
        int id2 = c.nextCallId();
        c.conn.receive(TestClient.request(id2, 0, 1, new byte[0], 3));
        c.sent.clear();
        c.conn.receive(PduEncoder.encode(PduType.ORPHANED, 3, id2, new byte[0]));
        assertTrue(pending.isCancelled());
        assertTrue(c.sent.isEmpty());
    }

    @Test
    void disconnectCancelsOutstandingCalls() throws Exception {
        TestClient c = new TestClient(server);
        c.bind(ECHO);
        c.call(1, new byte[0]);
        c.conn.close();
        assertTrue(pending.isCancelled());
    }

    @Test
    void authTrailerOnUnauthenticatedBindIsNakedWithoutProvider() throws Exception {
        TestClient c = new TestClient(server);
        byte[] body = new BindPdu(5840, 5840, 0, List.of(new ContextElement(0, ECHO, List.of(SyntaxId.NDR20))))
                .encodeBody();
        byte[] pdu = PduEncoder.encode(PduType.BIND, 3, 1, body, new dev.casmb.rpc.pdu.SecTrailer(10, 5, 0, 0), 0,
                new byte[] {'N', 'T', 'L', 'M'});
        c.conn.receive(pdu);
        RawPdu nak = RawPdu.decode(c.sent.get(0));
        assertEquals(PduType.BIND_NAK, nak.type());
        assertEquals(8, LittleEndian.u16(nak.wire(), 16));
        assertEquals(0, server.associations().size());
    }
}
