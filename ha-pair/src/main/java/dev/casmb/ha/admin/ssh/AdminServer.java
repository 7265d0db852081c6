package dev.casmb.ha.admin.ssh;

import dev.casmb.ha.admin.AdminBackend;
import dev.casmb.ha.admin.AuditSink;
import dev.casmb.ha.admin.cli.AdminCommands;
import dev.casmb.ha.admin.cli.CommandTree;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin SSH server of one node (Apache MINA SSHD). Admin accounts ({@link AdminAccounts}) are
 * separate from SMB users; they log in with a public key (per-account authorized_keys file) or,
 * when enabled, a password. Failed logins are refused, logged with the client's address and
 * audited. The host key is generated once and kept in a 0600 file. Concurrent sessions are bounded.
 *
 * <pre>
 * AdminServer s = AdminServer.builder()
 *         .bind("127.0.0.51", 2222).backend(backend).auditSink(sink)
 *         .accounts(accounts).passwordAuthentication(true)
 *         .hostKeyFile(Path.of("state/admin/ssh_host_key")).build();
 * s.start();  ...  s.stop();
 * </pre>
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final Builder cfg;
    private final CommandTree tree;
    private final Set<Session> sessions = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Map<String, AuthorizedKeysAuthenticator> keyAuthenticators = new ConcurrentHashMap<>();
    private SshServer sshd;
    private ExecutorService executor;

    private AdminServer(Builder b) {
        this.cfg = b;
        this.tree = b.tree != null ? b.tree : AdminCommands.createTree(b.backend, b.audit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The command tree the shell runs (for tests and for in-process use). */
    public CommandTree commands() {
        return tree;
    }

    public synchronized void start() throws IOException {
        if (sshd != null) throw new IllegalStateException("already started");
        Path hostKey = cfg.hostKeyFile.toAbsolutePath();
        Path dir = hostKey.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
        }
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        keys.setKeySize(256);
        keys.setStrictFilePermissions(true);
        keys.loadKeys(null);                        // generate now, so that the file exists with its permissions
        AdminAccounts.SecureFiles.restrict(hostKey);

        AtomicInteger threads = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "admin-ssh-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = Executors.newCachedThreadPool(tf);

        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(cfg.host);
        s.setPort(cfg.port);
        s.setKeyPairProvider(keys);
        s.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        s.setPublickeyAuthenticator(this::authenticateKey);
        if (cfg.passwordAuth) {
            s.setPasswordAuthenticator((user, password, session) -> authenticatePassword(user, password, session));
        } else {
            s.setPasswordAuthenticator(null);
            s.setKeyboardInteractiveAuthenticator(null);
        }
        s.setGSSAuthenticator(null);
        s.setHostBasedAuthenticator(null);
        CoreModuleProperties.IDLE_TIMEOUT.set(s, cfg.idleTimeout);
        CoreModuleProperties.AUTH_TIMEOUT.set(s, Duration.ofSeconds(60));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(s, 6);
        CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(s, cfg.maxSessions);
        CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(s, 4);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(s, "casmb-admin");
        s.addSessionListener(new SessionLimiter());
        String prompt = cfg.clusterName + "::> ";
        String banner = "casmb admin shell on " + cfg.nodeName + " (cluster " + cfg.clusterName + ").\n"
                + "Type \"?\" for help; TAB completes; \"exit\" quits.\n";
        s.setShellFactory(channel -> new AdminChannelCommand(tree, executor, null, prompt, banner));
        s.setCommandFactory((channel, command) -> new AdminChannelCommand(tree, executor, command, prompt, banner));
        s.setSubsystemFactories(java.util.List.of());
        try {
            s.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        sshd = s;
        log.info("admin SSH server of {} listening on {} (password authentication {}; at most {} sessions)",
                cfg.nodeName, describe(address()), cfg.passwordAuth ? "on" : "off", cfg.maxSessions);
    }

    /** The bound address (with the real port when 0 was configured). */
    public synchronized InetSocketAddress address() {
        if (sshd == null) throw new IllegalStateException("not started");
        return new InetSocketAddress(cfg.host, sshd.getPort());
    }

    public int port() {
        return address().getPort();
    }

    public int activeSessions() {
        return sessions.size();
    }

    public synchronized void stop() {
        if (sshd == null) return;
        try {
            sshd.stop(true);
        } catch (IOException e) {
            log.warn("admin SSH server stop: {}", e.toString());
        }
        sshd = null;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) log.warn("admin shell threads still running after stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keyAuthenticators.clear();
        sessions.clear();
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------------------------------------

    static String describe(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /** Printable form of a client-supplied user name (no control characters, bounded length). */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    private boolean authenticatePassword(String user, String password, ServerSession session) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        boolean ok;
        try {
            ok = cfg.accounts.verifyPassword(user, pw);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
        loginResult(user, session, "password", ok);
        return ok;
    }

    private boolean authenticateKey(String user, PublicKey key, ServerSession session) {
        AdminAccounts.Account a = cfg.accounts.account(user);
        boolean ok = false;
        if (a != null && a.authorizedKeys() != null && Files.exists(a.authorizedKeys())) {
            AuthorizedKeysAuthenticator auth = keyAuthenticators.computeIfAbsent(a.name(),
                    n -> new AuthorizedKeysAuthenticator(a.authorizedKeys()));
            try {
                ok = auth.authenticate(user, key, session);
            } catch (RuntimeException e) {
                log.warn("admin SSH: cannot check authorized keys {} of {}: {}", a.authorizedKeys(), a.name(), e.toString());
            }
        }
        if (ok) {
            // MINA asks once without and once with the signature; count only the verified login
            if (session.getAttribute(KEY_LOGGED) == null) {
                session.setAttribute(KEY_LOGGED, Boolean.TRUE);
                loginResult(user, session, "publickey " + KeyUtils.getFingerPrint(key), true);
            }
        } else {
            // clients routinely offer several keys before the right one: log, but do not audit each
            log.info("admin SSH: public key {} not accepted for user '{}' from {}", KeyUtils.getFingerPrint(key),
                    clean(user), describe(session.getClientAddress()));
        }
        return ok;
    }

    private static final org.apache.sshd.common.AttributeRepository.AttributeKey<Boolean> KEY_LOGGED =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private void loginResult(String user, ServerSession session, String method, boolean ok) {
        String from = describe(session.getClientAddress());
        if (ok) {
            log.info("admin SSH: user '{}' logged in from {} ({})", clean(user), from, method);
        } else {
            log.warn("admin SSH: {} authentication failed for user '{}' from {}", method, clean(user), from);
        }
        try {
            cfg.audit.record(new AuditSink.AuditEvent(Instant.now(), AuditSink.Kind.LOGIN, clean(user), from,
                    "login (" + method + ")", ok, ok ? "ok" : "authentication failed"));
        } catch (RuntimeException e) {
            log.warn("audit sink failed for a login record", e);
        }
    }

    /** Refuses connections beyond {@link Builder#maxSessions}. */
    private final class SessionLimiter implements SessionListener {
        @Override
        public void sessionCreated(Session session) {
            boolean refuse;
            synchronized (sessions) {
                refuse = sessions.size() >= cfg.maxSessions;
                if (!refuse) sessions.add(session);
            }
            if (refuse) {
                log.warn("admin SSH: refusing connection from {}: already {} sessions",
                        describe(session.getRemoteAddress()), cfg.maxSessions);
                session.close(true);
            }
        }

        @Override
        public void sessionClosed(Session session) {
            sessions.remove(session);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Configuration of an {@link AdminServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 2222;
        private AdminBackend backend;
        private AuditSink audit = AuditSink.logOnly();
        private AdminAccounts accounts = new AdminAccounts();
        private Path hostKeyFile = Path.of("admin-ssh-host-key.pem");
        private boolean passwordAuth;
        private int maxSessions = 16;
        private Duration idleTimeout = Duration.ofMinutes(30);
        private String clusterName = "casmb";
        private String nodeName = "node";
        private CommandTree tree;

        private Builder() {}

        /** Address and port to listen on (port 0: any free port). */
        public Builder bind(String host, int port) {
            this.host = Objects.requireNonNull(host);
            this.port = port;
            return this;
        }

        public Builder backend(AdminBackend backend) {
            this.backend = backend;
            return this;
        }

        public Builder auditSink(AuditSink audit) {
            this.audit = Objects.requireNonNull(audit);
            return this;
        }

        public Builder accounts(AdminAccounts accounts) {
            this.accounts = Objects.requireNonNull(accounts);
            return this;
        }

        /** Where the host key is kept (created with 0600 permissions on first start). */
        public Builder hostKeyFile(Path file) {
            this.hostKeyFile = Objects.requireNonNull(file);
            return this;
        }

        /** Password (and keyboard-interactive) authentication; off by default. */
        public Builder passwordAuthentication(boolean on) {
            this.passwordAuth = on;
            return this;
        }

        public Builder maxSessions(int n) {
            if (n < 1) throw new IllegalArgumentException("maxSessions must be >= 1");
            this.maxSessions = n;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Shown in the prompt ("casmb::&gt; "). */
        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name);
            return this;
        }

        /** Shown in the banner. */
        public Builder nodeName(String name) {
            this.nodeName = Objects.requireNonNull(name);
            return this;
        }

        /** Use this command tree instead of {@link AdminCommands#createTree}. */
        public Builder commandTree(CommandTree tree) {
            this.tree = tree;
            return this;
        }

        public AdminServer build() {
            if (tree == null && backend == null) throw new IllegalStateException("a backend (or a command tree) is required");
            return new AdminServer(this);
        }
    }
}
