package dev.casmb.ha.drill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import dev.casmb.ha.admin.ssh.SshExec;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Drill operations as admin shell commands over SSH ({@code ssh admin@node 'storage failover ...'}).
 * A command about node X is sent to the other node's admin address, which stays put while X's storage
 * and LIFs move.
 */
public final class SshActions implements DrillActions {
    private static final Duration T = Duration.ofSeconds(60);
    private final Map<String, String> adminHosts;
    private final int port;
    private final String user;
    private final String password;

    /** {@code adminHosts}: node name → admin shell address (e.g. node-a → its home LIF). */
    public SshActions(Map<String, String> adminHosts, int port, String user, String password) {
        this.adminHosts = Map.copyOf(adminHosts);
        this.port = port;
        this.user = user;
        this.password = password;
    }

    private String other(String node) {
        for (String n : adminHosts.keySet()) {
            if (!n.equals(node)) return adminHosts.get(n);
        }
        throw new IllegalArgumentException("no partner of " + node);
    }

    private String host(String node) {
        String h = adminHosts.get(node);
        if (h == null) throw new IllegalArgumentException("unknown node " + node);
        return h;
    }

    @Override
    public String takeover(String ofNode) throws IOException {
        return run(other(ofNode), "storage failover takeover -ofnode " + ofNode);
    }

    @Override
    public String giveback(String node) throws IOException {
        return run(other(node), "storage failover giveback -ofnode " + node);
    }

    @Override
    public String relocate(String aggregate, String fromNode, String toNode) throws IOException {
        return run(host(toNode), "storage aggregate relocation start -node " + fromNode + " -destination " + toNode
            + " -aggregate-list " + aggregate);
    }

    @Override
    public String migrateLif(String lif, String toNode) throws IOException {
        return run(host(toNode), "network interface migrate -lif " + lif + " -destination-node " + toNode);
    }

    @Override
    public String revertLif(String lif) throws IOException {
        // run on a node whose own LIF is not the one moving
        for (String h : adminHosts.values()) return run(h, "network interface revert -lif " + lif);
        throw new IOException("no admin host");
    }

    /** One command; a non-zero exit status is an error carrying the output. */
    public String run(String host, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession s = SshExec.passwordSession(client, user, host, port, password, T)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Integer st = SshExec.run(s, command, out, out, T);
            String text = out.toString(StandardCharsets.UTF_8).trim();
            if (st == null || st != 0) throw new IOException("'" + command + "' on " + host + " failed (exit " + st + "): " + text);
            return text;
        } finally {
            client.stop();
        }
    }
}
