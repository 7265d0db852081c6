package dev.casmb.rpc.swn;

import static dev.casmb.rpc.swn.WitnessConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.rpc.Golden;
import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.RpcServer;
import dev.casmb.rpc.TestClient;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.PduEncoder;
import dev.casmb.rpc.pdu.PduType;
import dev.casmb.rpc.pdu.RawPdu;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MS-SWN §3.1.4 / §3.1.5 state machine driven through the RPC runtime with a fake clock. */
class WitnessServiceTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    WitnessService svc;
    RpcServer server;
    TestClient c;

    static Inet4Address v4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @BeforeEach
    void setUp() throws Exception {
        SimpleWitnessTopology topo = new SimpleWitnessTopology(List.of(
                new WitnessInterface("NODEA", STATE_AVAILABLE, v4("192.0.2.10"), null, true),
                new WitnessInterface("NODEB", STATE_AVAILABLE, v4("192.0.2.20"), null, false)),
                Set.of("FS1", "fs1.corp.example"), Set.of("vol1"));
        svc = new WitnessService(topo, WitnessConfig.defaults().withRequireIntegrity(false)
                .withForcedUnregisterDelay(null), null, now::get);
        server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults()).register(svc);
        c = new TestClient(server);
        c.bind(WitnessService.SYNTAX);
    }

    static byte[] register(int version, String net, String ip, String client) {
        return new NdrWriter().u32(version).uniqueWString(net).uniqueWString(ip).uniqueWString(client).toByteArray();
    }

    static byte[] registerEx(String net, String share, String ip, String client, int flags, int keepAlive) {
        return new NdrWriter().u32(WITNESS_V2).uniqueWString(net).uniqueWString(share).uniqueWString(ip)
                .uniqueWString(client).u32(flags).u32(keepAlive).toByteArray();
    }

    /** Returns [handle, status]. */
    Object[] call(int opnum, byte[] stub) throws Exception {
        NdrReader r = new NdrReader(TestClient.responseStub(c.call(opnum, stub)));
        ContextHandle h = ContextHandle.read(r);
        return new Object[] {h, r.u32()};
    }

    ContextHandle ok(int opnum, byte[] stub) throws Exception {
        Object[] res = call(opnum, stub);
        assertEquals(ERROR_SUCCESS, res[1]);
        return (ContextHandle) res[0];
    }

    int status(int opnum, byte[] stub) throws Exception {
        return (int) call(opnum, stub)[1];
    }

    static byte[] handle(ContextHandle h) {
        NdrWriter w = new NdrWriter();
        h.write(w);
        return w.toByteArray();
    }

    int unregister(ContextHandle h) throws Exception {
        return new NdrReader(TestClient.responseStub(c.call(OP_UNREGISTER, handle(h)))).u32();
    }

    /** Sends AsyncNotify and returns its call id; the reply (if any) lands in c.sent. */
    int asyncNotify(ContextHandle h) {
        c.sent.clear();
        int id = c.nextCallId();
        c.conn.receive(TestClient.request(id, 0, OP_ASYNC_NOTIFY, handle(h), 3));
        return id;
    }

    byte[] reply() throws Exception {
        assertEquals(1, c.sent.size(), "expected exactly one reply PDU");
        return TestClient.responseStub(List.of(RawPdu.decode(c.sent.get(0))));
    }

    @Test
    void registerValidationOrderMatchesSmbtorture() throws Exception {
        for (int v : new int[] {0, 123456, -1, WITNESS_V2}) {
            assertEquals(ERROR_REVISION_MISMATCH, status(OP_REGISTER, register(v, "FS1", "192.0.2.10", "c")));
        }
        assertEquals(ERROR_INVALID_PARAMETER, status(OP_REGISTER, register(WITNESS_V1, "", "", "")));
        assertEquals(ERROR_INVALID_PARAMETER, status(OP_REGISTER, register(WITNESS_V1, null, null, "c")));
        assertEquals(ERROR_REVISION_MISMATCH, status(OP_REGISTER, register(WITNESS_V2, null, null, null)));
        assertEquals(ERROR_INVALID_PARAMETER, status(OP_REGISTER, register(WITNESS_V1, "FS1", null, "c")));
        assertEquals(ERROR_INVALID_PARAMETER, status(OP_REGISTER, register(WITNESS_V1, "OTHER", "192.0.2.10", "c")));
        assertEquals(ERROR_INVALID_STATE, status(OP_REGISTER, register(WITNESS_V1, "FS1", "198.51.100.1", "c")));
        assertEquals(ERROR_INVALID_STATE, status(OP_REGISTER, register(WITNESS_V1, "FS1", "no.such.host", "c")));
        byte[] exV1 = registerEx("FS1", null, "192.0.2.10", "c", 0, 0);
        exV1[0] = 1;
        exV1[2] = 1; // Version 0x00010001
        assertEquals(ERROR_REVISION_MISMATCH, status(OP_REGISTER_EX, exV1));
        assertEquals(ERROR_INVALID_STATE,
                status(OP_REGISTER_EX, registerEx("FS1", "any_invalid_share_name", "192.0.2.10", "c", 0, 0)));
        assertEquals(0, svc.registrationCount());
    }

    @Test
    void registerUnregisterTwiceGivesInvalidParameter() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "fs1.CORP.example", "192.0.2.10", "HV1"));
        assertEquals(1, svc.registrationCount());
        assertEquals(ERROR_SUCCESS, unregister(h));
        assertEquals(ERROR_INVALID_PARAMETER, unregister(h));
        assertEquals(0, svc.registrationCount());
        ContextHandle h2 = ok(OP_REGISTER_EX, registerEx("FS1", null, "192.0.2.10", "HV1", 0, 0));
        assertEquals(ERROR_SUCCESS, unregister(h2));
        assertEquals(ERROR_INVALID_PARAMETER, unregister(h2));
    }

    @Test
    void asyncNotifyPendsUntilResourceChange() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        asyncNotify(h);
        assertTrue(c.sent.isEmpty(), "AsyncNotify must stay outstanding");
        svc.resourceChange(v4("192.0.2.10"), false);
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: RESOURCE_CHANGE"), reply());
        // queued while no call is pending: delivered on the next AsyncNotify
        svc.resourceChange(v4("192.0.2.10"), true);
        svc.resourceChange(v4("192.0.2.99"), false); // other IP: not for us
        asyncNotify(h);
        byte[] r = reply();
        assertEquals(RESOURCE_CHANGE, r[4]);
        assertEquals(1, r[12]);
        assertEquals(RESOURCE_STATE_AVAILABLE, r[28]);
    }

    @Test
    void clientMoveShareMoveAndIpChange() throws Exception {
        ContextHandle h = ok(OP_REGISTER_EX, registerEx("FS1", "vol1", "192.0.2.10", "HV1.corp", REGISTER_IP_NOTIFICATION, 120));
        asyncNotify(h);
        svc.clientMove(v4("192.0.2.10"), List.of(new IpAddrInfo(v4("192.0.2.20"), true)));
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: CLIENT_MOVE"), reply());
        asyncNotify(h);
        svc.shareMove("VOL1", List.of(new IpAddrInfo(v4("192.0.2.20"), true)));
        assertEquals(SHARE_MOVE, reply()[4]);
        asyncNotify(h);
        svc.ipChange(List.of(new IpAddrInfo(v4("192.0.2.10"), false)));
        byte[] r = reply();
        assertEquals(IP_CHANGE, r[4]);
        assertEquals(IPADDR_V4 | IPADDR_OFFLINE, r[36]);
        asyncNotify(h);
        svc.clientMoveByName("hv1.CORP", List.of(new IpAddrInfo(v4("192.0.2.20"), true)));
        assertEquals(CLIENT_MOVE, reply()[4]);
    }

    @Test
    void v1RegistrationGetsNoShareOrIpNotifications() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        asyncNotify(h);
        svc.shareMove("vol1", List.of(new IpAddrInfo(v4("192.0.2.20"), true)));
        svc.ipChange(List.of(new IpAddrInfo(v4("192.0.2.10"), false)));
        assertTrue(c.sent.isEmpty());
    }

    @Test
    void keepAliveTimeoutAnswersErrorTimeoutAndRegistrationSurvives() throws Exception {
        ContextHandle h = ok(OP_REGISTER_EX, registerEx("FS1", null, "192.0.2.10", "HV1", 0, 10));
        asyncNotify(h);
        now.addAndGet(9_000);
        svc.runTimers();
        assertTrue(c.sent.isEmpty());
        now.addAndGet(1_000);
        svc.runTimers();
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: ERROR_TIMEOUT"), reply());
        assertEquals(1, svc.registrationCount());
        // keep-alive 0 expires at the next tick (smbtorture AsyncNotify_timeouts)
        ContextHandle h0 = ok(OP_REGISTER_EX, registerEx("FS1", null, "192.0.2.10", "HV1", 0, 0));
        asyncNotify(h0);
        svc.runTimers();
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: ERROR_TIMEOUT"), reply());
    }

    @Test
    void unusedV2RegistrationExpiresAfter30Seconds() throws Exception {
        ContextHandle h = ok(OP_REGISTER_EX, registerEx("FS1", null, "192.0.2.10", "HV1", 0, 120));
        ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1")); // v1: no unused timer
        now.addAndGet(29_000);
        svc.runTimers();
        assertEquals(2, svc.registrationCount());
        now.addAndGet(1_000);
        svc.runTimers();
        assertEquals(1, svc.registrationCount());
        assertEquals(ERROR_INVALID_PARAMETER, unregister(h));
        // a pending AsyncNotify keeps a v2 registration alive
        ContextHandle h2 = ok(OP_REGISTER_EX, registerEx("FS1", null, "192.0.2.10", "HV1", 0, 120));
        asyncNotify(h2);
        now.addAndGet(60_000);
        svc.runTimers();
        assertEquals(2, svc.registrationCount());
    }

    @Test
    void unregisterCompletesPendingAsyncNotifyWithNotFound() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        asyncNotify(h);
        List<byte[]> sentBefore = List.copyOf(c.sent);
        assertTrue(sentBefore.isEmpty());
        List<RawPdu> out = c.call(OP_UNREGISTER, handle(h));
        assertEquals(2, out.size()); // AsyncNotify completion + UnRegister response
        assertArrayEquals(Golden.hex("00 00 00 00 90 04 00 00"), TestClient.responseStub(List.of(out.get(0))));
        // AsyncNotify on an unknown handle
        asyncNotify(h);
        assertArrayEquals(Golden.hex("00 00 00 00 90 04 00 00"), reply());
    }

    @Test
    void forcedUnregisterAfterUnavailable() throws Exception {
        svc.close();
        svc = new WitnessService(new SimpleWitnessTopology(List.of(
                new WitnessInterface("NODEA", STATE_AVAILABLE, v4("192.0.2.10"), null, true)), Set.of("FS1"), Set.of()),
                WitnessConfig.defaults().withRequireIntegrity(false), null, now::get);
        server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults()).register(svc);
        c = new TestClient(server);
        c.bind(WitnessService.SYNTAX);
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        asyncNotify(h);
        svc.resourceChange(v4("192.0.2.10"), false);
        reply();
        asyncNotify(h);
        now.addAndGet(5_000);
        svc.runTimers();
        assertArrayEquals(Golden.hex("00 00 00 00 90 04 00 00"), reply());
        assertEquals(0, svc.registrationCount());
    }

    @Test
    void registrationsPerClientAddressAndPerNodeAreBounded() throws Exception {
        svc.close();
        svc = new WitnessService(new SimpleWitnessTopology(List.of(
                new WitnessInterface("NODEA", STATE_AVAILABLE, v4("192.0.2.10"), null, true)), Set.of("FS1"), Set.of()),
                WitnessConfig.fromYaml(java.util.Map.of("maxRegistrations", 4, "maxRegistrationsPerClient", 2))
                        .withRequireIntegrity(false), null, now::get);
        server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults()).register(svc);
        TestClient a1 = new TestClient(server, "10.0.0.1");
        TestClient a2 = new TestClient(server, "10.0.0.1"); // same address, another connection
        TestClient b = new TestClient(server, "10.0.0.2");
        TestClient d = new TestClient(server, "10.0.0.3");
        for (TestClient t : List.of(a1, a2, b, d)) t.bind(WitnessService.SYNTAX);
        c = a1;
        ContextHandle first = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        c = a2;
        ok(OP_REGISTER_EX, registerEx("FS1", null, "192.0.2.10", "HV1", 0, 30));
        assertEquals(ERROR_NO_SYSTEM_RESOURCES, status(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1")),
                "third registration from 10.0.0.1");
        assertEquals(2, svc.registrationsFrom(v4("10.0.0.1")));
        assertEquals(1L, svc.limitCounters().get("client"));
        c = b;
        ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV2"));
        ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV2"));
        c = d;
        assertEquals(ERROR_NO_SYSTEM_RESOURCES, status(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV3")),
                "node limit of 4 reached");
        assertEquals(1L, svc.limitCounters().get("node"));
        // unregistering frees the client's slot (and the node's)
        c = a1;
        assertEquals(ERROR_SUCCESS, unregister(first));
        assertEquals(1, svc.registrationsFrom(v4("10.0.0.1")));
        c = a2;
        ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        // so does the end of the association
        a2.conn.close();
        assertEquals(0, svc.registrationsFrom(v4("10.0.0.1")));
        assertEquals(2, svc.registrationCount());
    }

    @Test
    void cancelledAsyncNotifyIsForgotten() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        int id = asyncNotify(h);
        c.conn.receive(PduEncoder.encode(PduType.CO_CANCEL, 3, id, new byte[0]));
        assertEquals(FaultStatus.NCA_S_FAULT_CANCEL, TestClient.faultStatus(RawPdu.decode(c.sent.get(0))));
        // the event is kept for the re-issued AsyncNotify
        svc.resourceChange(v4("192.0.2.10"), false);
        asyncNotify(h);
        assertEquals(RESOURCE_CHANGE, reply()[4]);
    }

    @Test
    void associationRundownDropsRegistrations() throws Exception {
        ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        asyncNotify(h);
        assertEquals(2, svc.registrationCount());
        c.conn.close();
        assertEquals(0, svc.registrationCount());
    }

    @Test
    void handlesAreScopedToTheAssociation() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        int assoc = c.bind(WitnessService.SYNTAX).u32(4); // second bind on same conn is rejected -> closed
        TestClient joined = new TestClient(server);
        TestClient stranger = new TestClient(server);
        assertTrue(c.closed || assoc != 0);
        stranger.bind(WitnessService.SYNTAX);
        assertEquals(ERROR_INVALID_PARAMETER,
                new NdrReader(TestClient.responseStub(stranger.call(OP_UNREGISTER, handle(h)))).u32());
        joined.conn.close();
    }

    @Test
    void requireIntegrityRejectsAnonymousCallsWithAccessDenied() throws Exception {
        WitnessService strict = new WitnessService(new SimpleWitnessTopology(List.of(), Set.of("FS1"), Set.of()),
                WitnessConfig.defaults(), null, now::get);
        RpcServer s = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults()).register(strict);
        TestClient anon = new TestClient(s);
        anon.bind(WitnessService.SYNTAX);
        assertEquals(FaultStatus.ACCESS_DENIED, TestClient.faultStatus(anon.call(OP_GET_INTERFACE_LIST, new byte[0]).get(0)));
    }

    @Test
    void emptyInterfaceListIsNoMoreItems() throws Exception {
        WitnessService empty = new WitnessService(new SimpleWitnessTopology(List.of(), Set.of("FS1"), Set.of()),
                WitnessConfig.defaults().withRequireIntegrity(false), null, now::get);
        assertArrayEquals(Golden.hex("00 00 00 00 03 01 00 00"), empty.getInterfaceList());
    }

    @Test
    void badStubAndUnknownOpnumFault() throws Exception {
        assertEquals(FaultStatus.RPC_X_BAD_STUB_DATA, TestClient.faultStatus(c.call(OP_REGISTER, new byte[3]).get(0)));
        assertEquals(FaultStatus.NCA_S_OP_RNG_ERROR, TestClient.faultStatus(c.call(5, new byte[24]).get(0)));
    }

    @Test
    void deliveryLatencyIsImmediate() throws Exception {
        ContextHandle h = ok(OP_REGISTER, register(WITNESS_V1, "FS1", "192.0.2.10", "HV1"));
        asyncNotify(h);
        long t0 = System.nanoTime();
        svc.resourceChange(v4("192.0.2.10"), false);
        assertEquals(1, c.sent.size());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 200);
    }
}
