package dev.casmb.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.auth.NtlmRpcSecurityProvider;
import dev.casmb.rpc.server.WitnessRpcNode;
import dev.casmb.rpc.srvsvc.ShareInfo;
import dev.casmb.rpc.swn.IpAddrInfo;
import dev.casmb.rpc.swn.SimpleWitnessTopology;
import dev.casmb.rpc.swn.WitnessConfig;
import dev.casmb.rpc.swn.WitnessConstants;
import dev.casmb.rpc.swn.WitnessInterface;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The witness client against our own witness node over real TCP: EPM lookup, NTLMSSP integrity, notifications. */
@Timeout(30)
class WitnessClientTest {
    static final RpcClientConnection.Credentials ALICE =
        new RpcClientConnection.Credentials("alice", "", UserDatabase.ntHashOf("Secret#1"));

    static WitnessRpcNode startNode() throws Exception {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("alice", "Secret#1");
        List<WitnessInterface> ifaces = List.of(
            new WitnessInterface("NODEA", WitnessConstants.STATE_AVAILABLE, (Inet4Address) InetAddress.getByName("127.0.0.1"), null, true),
            new WitnessInterface("NODEB", WitnessConstants.STATE_AVAILABLE, (Inet4Address) InetAddress.getByName("192.0.2.12"), null, false));
        WitnessRpcNode node = new WitnessRpcNode(new SimpleWitnessTopology(ifaces, Set.of("FS1"), Set.of("vol1")),
            () -> List.of(ShareInfo.disk("vol1", "", "C:\\vol1")),
            new NtlmRpcSecurityProvider(db, new NtlmServerConfig("CASMB", "FS1", "corp.example", "fs1.corp.example", false)),
            WitnessConfig.defaults().withRequireIntegrity(true), RpcLimits.defaults(), freePort(), 0);
        node.listenOn(InetAddress.getByName("127.0.0.1"));
        return node;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void registersAndReceivesClientMove() throws Exception {
        try (WitnessRpcNode node = startNode();
             WitnessClient c = WitnessClient.connect(new InetSocketAddress("127.0.0.1", node.epmPort()), ALICE, 5000)) {
            assertEquals(node.witnessPort(), c.remote().getPort(), "port found through the endpoint mapper");
            List<WitnessClient.Interface> ifs = c.interfaces();
            assertEquals(2, ifs.size());
            assertEquals("NODEA", ifs.get(0).groupName());
            assertFalse(ifs.get(0).witness());
            assertTrue(ifs.get(1).witness(), "the partner's interface carries INTERFACE_WITNESS");
            assertEquals(InetAddress.getByName("192.0.2.12"), ifs.get(1).ipv4());

            InetAddress a = InetAddress.getByName("127.0.0.1");
            ContextHandle h = c.registerEx("FS1", "vol1", a, "CLIENT1", true, 30);
            assertFalse(h.isNull());
            CompletableFuture<WitnessClient.Notification> n = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.asyncNotify(h, 10_000);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            node.events().clientMove(a, List.of(new IpAddrInfo(InetAddress.getByName("192.0.2.12"), true)));
            WitnessClient.Notification got = n.get(5, TimeUnit.SECONDS);
            assertEquals(WitnessConstants.CLIENT_MOVE, got.type());
            assertEquals(List.of(InetAddress.getByName("192.0.2.12")), got.addresses().stream().map(WitnessClient.IpAddr::address).toList());

            CompletableFuture<WitnessClient.Notification> n2 = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.asyncNotify(h, 10_000);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            node.events().resourceChange(a, false);
            WitnessClient.Notification rc = n2.get(5, TimeUnit.SECONDS);
            assertEquals(WitnessConstants.RESOURCE_CHANGE, rc.type());
            assertEquals("127.0.0.1", rc.changes().get(0).name());
            assertFalse(rc.changes().get(0).available());

            c.unregister(h);
            WitnessStatusException twice = assertThrows(WitnessStatusException.class, () -> c.unregister(h));
            assertEquals(WitnessConstants.ERROR_INVALID_PARAMETER, twice.status());
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (WitnessRpcNode node = startNode()) {
            RpcClientConnection.Credentials bad = new RpcClientConnection.Credentials("alice", "", UserDatabase.ntHashOf("nope"));
            IOException e = assertThrows(IOException.class, () -> {
                try (WitnessClient c = WitnessClient.connect(new InetSocketAddress("127.0.0.1", node.epmPort()), bad, 5000)) {
                    c.interfaces();
                }
            });
            assertTrue(e.getMessage() != null, "a readable error: " + e);
        }
    }

    @Test
    void unknownServerNameIsInvalidParameter() throws Exception {
        try (WitnessRpcNode node = startNode();
             WitnessClient c = WitnessClient.connect(new InetSocketAddress("127.0.0.1", node.epmPort()), ALICE, 5000)) {
            WitnessStatusException e = assertThrows(WitnessStatusException.class,
                () -> c.registerEx("NOSUCH", null, InetAddress.getByName("127.0.0.1"), "C", false, 30));
            assertEquals(WitnessConstants.ERROR_INVALID_PARAMETER, e.status());
        }
    }
}
