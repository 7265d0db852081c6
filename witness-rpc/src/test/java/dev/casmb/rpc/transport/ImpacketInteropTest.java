package dev.casmb.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.server.WitnessRpcNode;
import dev.casmb.rpc.srvsvc.ShareInfo;
import dev.casmb.rpc.swn.SimpleWitnessTopology;
import dev.casmb.rpc.swn.WitnessConfig;
import dev.casmb.rpc.swn.WitnessConstants;
import dev.casmb.rpc.swn.WitnessInterface;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.rpc.auth.NtlmRpcSecurityProvider;

/**
 * Black-box: impacket (the system /usr/bin/python3 with python3-impacket) resolves the witness port through
 * our EPM, calls witness GetInterfaceList (fragmented response: 14 interfaces ~ 7.7 KB) and srvsvc
 * NetrShareEnum/NetrShareGetInfo over ncacn_ip_tcp on 127.0.0.1 high ports. Skipped without impacket.
 */
class ImpacketInteropTest {
    static final String PYTHON = "/usr/bin/python3";

    static boolean impacketAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import impacket.dcerpc.v5.epm").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String runProbe(List<String> args) throws Exception {
        Path script = Files.createTempFile("impacket_probe", ".py");
        try (InputStream in = ImpacketInteropTest.class.getResourceAsStream("/impacket_probe.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "impacket probe timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.deleteIfExists(script);
        assertEquals(0, p.exitValue(), "probe failed: " + err + out);
        return out;
    }

    static WitnessRpcNode startNode(RpcSecurityProvider sec, boolean requireIntegrity) throws Exception {
        List<WitnessInterface> ifaces = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            ifaces.add(new WitnessInterface(i % 2 == 0 ? "NODEA" : "NODEB", WitnessConstants.STATE_AVAILABLE,
                    (Inet4Address) InetAddress.getByName("192.0.2." + (10 + i)), null, i % 2 == 0));
        }
        SimpleWitnessTopology topo = new SimpleWitnessTopology(ifaces, Set.of("FS1"), Set.of("vol1"));
        List<ShareInfo> shares = List.of(ShareInfo.disk("vol1", "Volume one", "C:\\vol1"), ShareInfo.ipc());
        WitnessRpcNode node = new WitnessRpcNode(topo, () -> shares, sec,
                WitnessConfig.defaults().withRequireIntegrity(requireIntegrity), RpcLimits.defaults(), freePort(), 0);
        node.listenOn(InetAddress.getByName("127.0.0.1"));
        return node;
    }

    @Test
    void epmLookupWitnessInterfaceListAndSrvsvcViaImpacket() throws Exception {
        assumeTrue(new File(PYTHON).canExecute() && impacketAvailable(),
                "python3-impacket not installed for /usr/bin/python3: skipping black-box interop test");
        try (WitnessRpcNode node = startNode(RpcSecurityProvider.none(), false)) {
            String json = runProbe(List.of("127.0.0.1", Integer.toString(node.epmPort())));
            assertTrue(json.contains("\"witness_binding\": \"ncacn_ip_tcp:127.0.0.1[" + node.witnessPort() + "]\""), json);
            assertTrue(json.contains("{\"name\": \"NODEA\", \"state\": 1, \"ipv4\": \"192.0.2.10\", \"flags\": 1, \"version\": 131072}"), json);
            assertTrue(json.contains("{\"name\": \"NODEB\", \"state\": 1, \"ipv4\": \"192.0.2.23\", \"flags\": 5, \"version\": 131072}"), json);
            assertEquals(14, json.split("\"name\"").length - 1, json);
            assertTrue(json.contains("\"witness_status\": 0"), json);
            assertTrue(json.contains("\"shi1_netname\": \"vol1\", \"shi1_type\": 0, \"shi1_remark\": \"Volume one\""), json);
            assertTrue(json.contains("\"shi1_netname\": \"IPC$\", \"shi1_type\": 2147483651"), json);
            assertTrue(json.contains("\"shi2_path\": \"C:\\\\vol1\""), json);
            assertTrue(json.contains("\"getinfo_path\": \"C:\\\\vol1\""), json);
            assertTrue(json.contains("\"getinfo_missing\": 2310"), json);
        }
    }

    static RpcSecurityProvider ntlm() {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("alice", "Secret#1");
        return new NtlmRpcSecurityProvider(db, new NtlmServerConfig("CASMB", "FS1", "corp.example", "fs1.corp.example", false));
    }

    /** Witness with requireIntegrity: NTLMSSP (auth_type 10) at integrity (5) and privacy (6). */
    @ParameterizedTest
    @CsvSource({"5,10", "6,10"}) // impacket's auth_type 9 is SPNEGO-Kerberos only: SPNEGO-NTLM needs smbtorture
    void authenticatedWitnessAndSrvsvcViaImpacket(int level, int authType) throws Exception {
        assumeTrue(new File(PYTHON).canExecute() && impacketAvailable(),
                "python3-impacket not installed for /usr/bin/python3: skipping black-box interop test");
        try (WitnessRpcNode node = startNode(ntlm(), true)) {
            String json = runProbe(List.of("127.0.0.1", Integer.toString(node.epmPort()), "alice", "Secret#1",
                    Integer.toString(level), Integer.toString(authType)));
            assertEquals(14, json.split("\"name\"").length - 1, json);
            assertTrue(json.contains("\"witness_status\": 0"), json);
            assertTrue(json.contains("\"getinfo_path\": \"C:\\\\vol1\""), json);
        }
    }

    @Test
    void anonymousAndWrongPasswordAreRejected() throws Exception {
        assumeTrue(new File(PYTHON).canExecute() && impacketAvailable(),
                "python3-impacket not installed for /usr/bin/python3: skipping black-box interop test");
        try (WitnessRpcNode node = startNode(ntlm(), true)) {
            String epm = Integer.toString(node.epmPort());
            assertTrue(probeFails(List.of("127.0.0.1", epm)).contains("rpc_s_access_denied"));
        }
    }

    @Test
    void wrongPasswordIsRejected() throws Exception {
        assumeTrue(new File(PYTHON).canExecute() && impacketAvailable(),
                "python3-impacket not installed for /usr/bin/python3: skipping black-box interop test");
        try (WitnessRpcNode node = startNode(ntlm(), true)) {
            String epm = Integer.toString(node.epmPort());
            assertTrue(probeFails(List.of("127.0.0.1", epm, "alice", "wrong", "5", "10")).length() > 0);
        }
    }

    static String probeFails(List<String> args) throws Exception {
        Path script = Files.createTempFile("impacket_probe", ".py");
        try (InputStream in = ImpacketInteropTest.class.getResourceAsStream("/impacket_probe.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "impacket probe timed out: " + out);
        Files.deleteIfExists(script);
        assertTrue(p.exitValue() != 0, "probe unexpectedly succeeded: " + out);
        return out;
    }
}
