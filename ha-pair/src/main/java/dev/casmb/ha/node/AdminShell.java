package dev.casmb.ha.node;

import dev.casmb.ha.admin.AdminBackend;
import dev.casmb.ha.admin.AuditSink;
import dev.casmb.ha.admin.ssh.AdminAccounts;
import dev.casmb.ha.admin.ssh.AdminServer;
import dev.casmb.ha.events.EventLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a node's admin SSH shell from the {@code admin:} section of its configuration:
 * {@code address} (default: the node's home LIF address), {@code port} (2222), {@code passwordAuth}
 * (off unless set), {@code users} ({@code name}, {@code password} and/or {@code authorizedKeys}), and the
 * limits {@code maxSessions} (16 per node), {@code maxSessionsPerAddress} (4), {@code maxAuthAttempts} (6 per
 * connection), {@code authTimeoutSeconds} (60), {@code authFailureDelaySeconds} (2: a failed password is
 * answered after this) and {@code idleTimeoutSeconds} (1800).
 * Every audited command and login goes to the node's event log.
 */
public final class AdminShell {
    private AdminShell() {}

    @SuppressWarnings("unchecked")
    public static AdminServer start(NodeConfig c, AdminBackend backend, EventLog events) throws IOException {
        Map<String, Object> a = (Map<String, Object>) c.raw().get("admin");
        if (a == null) return null;
        String address = a.get("address") != null ? String.valueOf(a.get("address")) : homeAddress(c);
        int port = ((Number) a.getOrDefault("port", 2222)).intValue();
        AdminAccounts accounts = new AdminAccounts();
        for (Object o : (List<Object>) a.getOrDefault("users", List.of())) {
            Map<String, Object> u = (Map<String, Object>) o;
            String name = String.valueOf(u.get("name"));
            accounts.addUser(name);
            if (u.get("password") != null) accounts.setPassword(name, String.valueOf(u.get("password")).toCharArray());
            if (u.get("authorizedKeys") != null) accounts.setAuthorizedKeys(name, c.baseDir().resolve(String.valueOf(u.get("authorizedKeys"))));
        }
        AuditSink audit = e -> events.add(e.kind() == AuditSink.Kind.LOGIN ? "admin.login" : "admin.command",
            e.user() + "@" + e.sourceAddress() + " " + e.action() + " -> " + (e.success() ? "ok" : "FAILED: " + e.result()));
        AdminServer s = AdminServer.builder()
            .bind(address, port)
            .backend(backend)
            .auditSink(audit)
            .accounts(accounts)
            .passwordAuthentication(Boolean.TRUE.equals(a.get("passwordAuth")))
            .hostKeyFile(c.stateDir().resolve("ssh_host_key"))
            .clusterName(c.svmName().toLowerCase())
            .nodeName(c.node())
            .maxSessions(((Number) a.getOrDefault("maxSessions", 16)).intValue())
            .maxSessionsPerAddress(((Number) a.getOrDefault("maxSessionsPerAddress", 4)).intValue())
            .maxAuthAttempts(((Number) a.getOrDefault("maxAuthAttempts", 6)).intValue())
            .authTimeout(seconds(a, "authTimeoutSeconds", 60))
            .authFailureDelay(seconds(a, "authFailureDelaySeconds", 2))
            .idleTimeout(seconds(a, "idleTimeoutSeconds", 1800))
            .build();
        s.start();
        events.add("admin.up", "admin SSH shell on " + address + ":" + s.port());
        return s;
    }

    private static java.time.Duration seconds(Map<String, Object> a, String key, double def) {
        double v = a.get(key) == null ? def : ((Number) a.get(key)).doubleValue();
        return java.time.Duration.ofMillis(Math.round(v * 1000));
    }

    private static String homeAddress(NodeConfig c) {
        for (NodeConfig.LifSpec l : c.lifs()) {
            if (l.homeNode().equals(c.node())) return l.address().split("/")[0];
        }
        return "127.0.0.1";
    }

    static Path unused(Path p) { return p; }
}
