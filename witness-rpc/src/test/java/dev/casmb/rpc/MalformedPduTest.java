package dev.casmb.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.clusapi.ClusapiService;
import dev.casmb.rpc.clusapi.ClusterResources;
import dev.casmb.rpc.epm.EndpointMapperService;
import dev.casmb.rpc.epm.EndpointRegistry;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.PduType;
import dev.casmb.rpc.pdu.PfcFlags;
import dev.casmb.rpc.pdu.RawPdu;
import dev.casmb.rpc.swn.SimpleWitnessTopology;
import dev.casmb.rpc.swn.WitnessConfig;
import dev.casmb.rpc.swn.WitnessConstants;
import dev.casmb.rpc.swn.WitnessService;
import dev.casmb.rpc.transport.RpcTcpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md "HA pair acceptance criteria", DCE/RPC robustness: malformed PDUs (bad frag lengths, auth_length
 * past the end, unknown PTYPE, NDR pointers out of range, huge conformant arrays) give a fault or a dropped
 * connection, never a crash or a hang, and never affect other connections.
 */
class MalformedPduTest {
    RpcServer server;
    WitnessService witness;

    @BeforeEach
    void setUp() {
        witness = new WitnessService(new SimpleWitnessTopology(List.of(), Set.of("FS1"), Set.of("vol1")),
                WitnessConfig.defaults().withRequireIntegrity(false), null, System::currentTimeMillis);
        server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults())
                .register(new EndpointMapperService(new EndpointRegistry()))
                .register(witness)
                .register(new ClusapiService(new NoResources(), false));
    }

    static final class NoResources implements ClusterResources {
        public String resolve(String name) { return null; }
        public int state(String r) { return STATE_UNKNOWN; }
        public String ownerNode(String r) { return null; }
        public String group(String r) { return null; }
        public int online(String r) { return 0; }
        public int offline(String r) { return 0; }
    }

    private static byte[] le16At(byte[] pdu, int off, int v) {
        byte[] b = pdu.clone();
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        return b;
    }

    /** After each bad input the connection either answered with a fault or was closed; a good one still works. */
    private void assertFaultOrClosed(TestClient c, String what) {
        boolean faulted = c.sent.stream().anyMatch(b -> b.length > 2 && (b[2] == PduType.FAULT || b[2] == PduType.BIND_NAK));
        assertTrue(c.closed || faulted, what + ": neither a fault nor a close");
    }

    private void assertServerStillWorks() throws Exception {
        TestClient ok = new TestClient(server);
        ok.bind(WitnessService.SYNTAX);
        List<RawPdu> r = ok.call(WitnessConstants.OP_GET_INTERFACE_LIST, new byte[0]);
        assertEquals(PduType.RESPONSE, r.get(0).type());
        assertFalse(ok.closed);
    }

    @Test
    void badFragLengths() throws Exception {
        byte[] req = TestClient.request(2, 0, 0, new byte[16], PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG);
        for (int frag : new int[] {0, 1, 15, req.length - 1, req.length + 1, 0xFFFF}) {
            TestClient c = new TestClient(server);
            c.bind(WitnessService.SYNTAX);
            c.sent.clear();
            c.conn.receive(le16At(req, 8, frag));
            assertFaultOrClosed(c, "frag_length " + frag);
        }
        assertServerStillWorks();
    }

    @Test
    void authLengthPastTheEnd() throws Exception {
        byte[] bind = TestClient.bindPdu(PduType.BIND, 1, 0, 5840,
                new dev.casmb.rpc.pdu.ContextElement(0, WitnessService.SYNTAX, List.of(dev.casmb.rpc.pdu.SyntaxId.NDR20)));
        for (int authLen : new int[] {1, 8, 0x100, 0xFFFF}) {
            TestClient c = new TestClient(server);
            c.conn.receive(le16At(bind, 10, authLen));
            assertFaultOrClosed(c, "bind auth_length " + authLen);
            TestClient d = new TestClient(server);
            d.bind(WitnessService.SYNTAX);
            d.sent.clear();
            byte[] req = TestClient.request(2, 0, 0, new byte[16], PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG);
            d.conn.receive(le16At(req, 10, authLen));
            assertFaultOrClosed(d, "request auth_length " + authLen);
        }
        assertServerStillWorks();
    }

    @Test
    void unknownAndServerOnlyPtypes() throws Exception {
        for (int ptype : new int[] {PduType.RESPONSE, PduType.FAULT, PduType.BIND_ACK, 0x63, 0xFF}) {
            TestClient c = new TestClient(server);
            c.bind(WitnessService.SYNTAX);
            c.sent.clear();
            byte[] req = TestClient.request(2, 0, 0, new byte[8], PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG);
            req[2] = (byte) ptype;
            c.conn.receive(req);
            assertFaultOrClosed(c, "PTYPE " + ptype);
        }
        assertServerStillWorks();
    }

    /** Stubs whose NDR is out of range for every operation of every interface: faults, never exceptions. */
    @Test
    void ndrPointersOutOfRangeAndHugeConformantArrays() throws Exception {
        byte[][] stubs = {
            new byte[0],
            new byte[] {1},
            // unique pointer with a referent but no pointee
            new NdrWriter().u32(WitnessConstants.WITNESS_V1).u32(0x20000).toByteArray(),
            // string with max_count 0x7FFFFFFF / 0xFFFFFFFF and nothing behind it
            new NdrWriter().u32(WitnessConstants.WITNESS_V1).u32(0x20000).u32(0x7FFFFFFF).u32(0).u32(0x7FFFFFFF).toByteArray(),
            new NdrWriter().u32(WitnessConstants.WITNESS_V1).u32(0x20000).u32(-1).u32(0).u32(-1).toByteArray(),
            // offset != 0 and actual > max
            new NdrWriter().u32(WitnessConstants.WITNESS_V1).u32(0x20000).u32(2).u32(5).u32(9).toByteArray(),
            // ept_map: object + tower pointers with a 256 MiB twr_t
            new NdrWriter().u32(0).u32(0x20000).u32(0x10000000).u32(0x10000000).toByteArray(),
            // clusapi OpenResource: huge string
            new NdrWriter().u32(0x40000000).u32(0).u32(0x40000000).toByteArray(),
        };
        List<dev.casmb.rpc.pdu.SyntaxId> ifaces = List.of(WitnessService.SYNTAX, EndpointMapperService.SYNTAX,
                ClusapiService.SYNTAX);
        for (dev.casmb.rpc.pdu.SyntaxId iface : ifaces) {
            TestClient c = new TestClient(server);
            c.bind(iface);
            for (int opnum = 0; opnum < 20; opnum++) {
                for (byte[] stub : stubs) {
                    List<RawPdu> out = c.call(opnum, stub);
                    assertFalse(c.closed, iface + " opnum " + opnum + " closed the connection");
                    assertEquals(1, out.size(), iface + " opnum " + opnum);
                    RawPdu p = out.get(0);
                    if (p.type() == PduType.FAULT) {
                        int st = TestClient.faultStatus(p);
                        assertTrue(st == FaultStatus.RPC_X_BAD_STUB_DATA || st == FaultStatus.NCA_S_OP_RNG_ERROR,
                                iface + " opnum " + opnum + " fault 0x" + Integer.toHexString(st));
                    }
                }
            }
            assertEquals(0, witness.registrationCount());
        }
        assertServerStillWorks();
    }

    /** Over TCP: a frame with frag_length below the header size is dropped; a truncated frame never blocks others. */
    @Test
    void overTcpBadFramesDropTheConnectionWithoutHangingTheServer() throws Exception {
        try (RpcTcpServer tcp = new RpcTcpServer(server)) {
            InetSocketAddress at = tcp.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket bad = new Socket()) {
                bad.connect(at, 2000);
                bad.setSoTimeout(3000);
                OutputStream o = bad.getOutputStream();
                o.write(new byte[] {5, 0, 11, 3, 0x10, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0});
                o.flush();
                assertEquals(-1, readOrEof(bad.getInputStream()), "frag_length 4 drops the connection");
            }
            try (Socket half = new Socket(); Socket good = new Socket()) {
                half.connect(at, 2000);
                half.getOutputStream().write(new byte[] {5, 0, 11, 3, 0x10, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0});
                half.getOutputStream().flush();
                good.connect(at, 2000);
                good.setSoTimeout(3000);
                byte[] bind = TestClient.bindPdu(PduType.BIND, 1, 0, 5840,
                        new dev.casmb.rpc.pdu.ContextElement(0, EndpointMapperService.SYNTAX,
                                List.of(dev.casmb.rpc.pdu.SyntaxId.NDR20)));
                good.getOutputStream().write(bind);
                good.getOutputStream().flush();
                byte[] hdr = good.getInputStream().readNBytes(16);
                assertEquals(16, hdr.length);
                assertEquals(PduType.BIND_ACK, hdr[2]);
            }
        }
    }

    private static int readOrEof(InputStream in) throws Exception {
        try {
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) > 0) {
                if (n > 0 && b[2] == PduType.FAULT) {
                    continue; // a fault before the close is fine too
                }
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (java.net.SocketException e) {
            return -1; // reset
        }
    }

}
