package dev.casmb.rpc.clusapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.RpcServer;
import dev.casmb.rpc.TestClient;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MS-CMRP subset smbtorture's rpc.witness AsyncNotify uses, against the clusapi.idl wire layouts. */
class ClusapiServiceTest {
    final List<String> calls = new ArrayList<>();
    boolean online = true;
    TestClient c;

    @BeforeEach
    void setUp() throws Exception {
        ClusterResources res = new ClusterResources() {
            public String resolve(String name) { return name.equalsIgnoreCase("FS1") ? "server" : null; }
            public int state(String r) { return online ? STATE_ONLINE : STATE_OFFLINE; }
            public String ownerNode(String r) { return "node-a"; }
            public String group(String r) { return "SVM1"; }
            public int online(String r) { calls.add("online " + r); online = true; return 0; }
            public int offline(String r) { calls.add("offline " + r); online = false; return 0; }
        };
        RpcServer server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults())
                .register(new ClusapiService(res, false));
        c = new TestClient(server);
        c.bind(ClusapiService.SYNTAX);
    }

    private NdrReader call(int opnum, byte[] stub) throws Exception {
        return new NdrReader(TestClient.responseStub(c.call(opnum, stub)));
    }

    private static byte[] handle(ContextHandle h) {
        NdrWriter w = new NdrWriter();
        h.write(w);
        return w.toByteArray();
    }

    @Test
    void openStateOfflineOnlineClose() throws Exception {
        // OpenResource: [in,string,ref] name -> Status, rpc_status, HRES_RPC
        NdrReader r = call(ClusapiService.OP_OPEN_RESOURCE, new NdrWriter().wstring("fs1").toByteArray());
        assertEquals(0, r.u32());
        assertEquals(0, r.u32());
        ContextHandle h = ContextHandle.read(r);
        assertFalse(h.isNull());
        assertEquals(0, r.remaining());

        // GetResourceState -> State, unique NodeName, unique GroupName, rpc_status, WERROR
        r = call(ClusapiService.OP_GET_RESOURCE_STATE, handle(h));
        assertEquals(ClusterResources.STATE_ONLINE, r.u32());
        assertEquals("node-a", r.uniqueWString());
        assertEquals("SVM1", r.uniqueWString());
        assertEquals(0, r.u32());
        assertEquals(0, r.u32());
        assertEquals(0, r.remaining());

        r = call(ClusapiService.OP_OFFLINE_RESOURCE, handle(h));
        assertEquals(0, r.u32()); // rpc_status
        assertEquals(0, r.u32()); // WERROR
        r = call(ClusapiService.OP_GET_RESOURCE_STATE, handle(h));
        assertEquals(ClusterResources.STATE_OFFLINE, r.u32());
        call(ClusapiService.OP_ONLINE_RESOURCE, handle(h));
        assertEquals(List.of("offline server", "online server"), calls);

        // CloseResource: [in,out] handle -> zeroed handle, WERROR
        r = call(ClusapiService.OP_CLOSE_RESOURCE, handle(h));
        assertTrue(ContextHandle.read(r).isNull());
        assertEquals(0, r.u32());
        // the handle is gone
        r = call(ClusapiService.OP_OFFLINE_RESOURCE, handle(h));
        r.u32();
        assertEquals(ClusapiService.ERROR_INVALID_HANDLE, r.u32());
        assertEquals(List.of("offline server", "online server"), calls);
    }

    @Test
    void unknownResourceAndUnsupportedOpnums() throws Exception {
        NdrReader r = call(ClusapiService.OP_OPEN_RESOURCE, new NdrWriter().wstring("nope").toByteArray());
        assertEquals(ClusapiService.ERROR_RESOURCE_NOT_FOUND, r.u32());
        r.u32();
        assertTrue(ContextHandle.read(r).isNull());
        assertEquals(FaultStatus.NCA_S_OP_RNG_ERROR, TestClient.faultStatus(c.call(0x00, new byte[0]).get(0)));
    }
}
