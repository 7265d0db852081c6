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
 * audited. The host key is generated once and kept in a 0600 file.
 *
 * <p>Limits, each counted ({@link #limitCounters()}) and logged with the client's address:
 * <ul>
 *   <li>at most {@code maxSessions} connections (authenticated or not) per node and
 *       {@code maxSessionsPerAddress} per client address; a connection beyond is closed at once
 *       (MINA's own MAX_CONCURRENT_SESSIONS, set to maxSessions too, counts only the sessions of one user
 *       name, after authentication);</li>
 *   <li>at most {@code maxAuthAttempts} authentication requests per connection, and {@code authTimeout}
 *       to finish authenticating;</li>
 *   <li>a failed password (or keyboard-interactive) attempt is answered only after {@code authFailureDelay}
 *       (without holding a thread), so one address can try at most about
 *       maxSessionsPerAddress / authFailureDelay passwords per second;</li>
 *   <li>a session with no traffic for {@code idleTimeout} is closed.</li>
 * </ul>
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
    /** Open connections per client address (guarded by {@link #sessions}). */
    private final Map<java.net.InetAddress, Integer> perAddress = new java.util.HashMap<>();
    private final Map<Limit, java.util.concurrent.atomic.AtomicLong> counters = new java.util.EnumMap<>(Limit.class);
    private SshServer sshd;
    private ExecutorService executor;
    private java.util.concurrent.ScheduledExecutorService delays;

    /** What was limited (keys of {@link #limitCounters()}). */
    public enum Limit {
        /** connection refused: maxSessions reached */
        SESSIONS_PER_NODE,
        /** connection refused: maxSessionsPerAddress reached */
        SESSIONS_PER_ADDRESS,
        /** failed password / public-key login (each answered after authFailureDelay for passwords) */
        AUTH_FAILURES,
        /** connection closed because it did not authenticate within authTimeout */
        AUTH_TIMEOUT,
        /** session closed after idleTimeout without traffic */
        IDLE_TIMEOUT
    }

    private AdminServer(Builder b) {
        this.cfg = b;
        this.tree = b.tree != null ? b.tree : AdminCommands.createTree(b.backend, b.audit);
        for (Limit l : Limit.values()) counters.put(l, new java.util.concurrent.atomic.AtomicLong());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Counters of limit events since start, by {@link Limit}. */
    public Map<Limit, Long> limitCounters() {
        Map<Limit, Long> m = new java.util.EnumMap<>(Limit.class);
        counters.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private void count(Limit l) {
        counters.get(l).incrementAndGet();
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
        delays = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "admin-ssh-auth-delay");
            t.setDaemon(true);
            return t;
        });

        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(cfg.host);
        s.setPort(cfg.port);
        s.setKeyPairProvider(keys);
        s.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        s.setPublickeyAuthenticator(this::authenticateKey);
        if (cfg.passwordAuth) {
            s.setPasswordAuthenticator((user, password, session) -> delayFailure(authenticatePassword(user, password, session)));
        } else {
            s.setPasswordAuthenticator(null);
            s.setKeyboardInteractiveAuthenticator(null);
        }
        s.setGSSAuthenticator(null);
        s.setHostBasedAuthenticator(null);
        CoreModuleProperties.IDLE_TIMEOUT.set(s, cfg.idleTimeout);
        CoreModuleProperties.AUTH_TIMEOUT.set(s, cfg.authTimeout);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(s, cfg.maxAuthAttempts);
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
            delays.shutdownNow();
            throw e;
        }
        sshd = s;
        log.info("admin SSH server of {} listening on {} (password authentication {}; at most {} sessions, {} per "
                + "address; {} auth attempts per connection, failed password answered after {} ms; idle timeout {} s)",
                cfg.nodeName, describe(address()), cfg.passwordAuth ? "on" : "off", cfg.maxSessions,
                cfg.maxSessionsPerAddress, cfg.maxAuthAttempts, cfg.authFailureDelay.toMillis(),
                cfg.idleTimeout.toSeconds());
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
        delays.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) log.warn("admin shell threads still running after stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keyAuthenticators.clear();
        synchronized (sessions) {
            sessions.clear();
            perAddress.clear();
        }
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

    /**
     * A failed password check is answered after {@code authFailureDelay}: MINA's asynchronous authentication
     * (the I/O thread is not held), completed by a timer.
     */
    private boolean delayFailure(boolean ok) {
        if (ok || cfg.authFailureDelay.isZero()) return ok;
        org.apache.sshd.server.auth.AsyncAuthException later = new org.apache.sshd.server.auth.AsyncAuthException();
        try {
            delays.schedule(() -> later.setAuthed(false), cfg.authFailureDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return false;
        }
        throw later;
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
            count(Limit.AUTH_FAILURES);
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
            count(Limit.AUTH_FAILURES);
        }
        try {
            cfg.audit.record(new AuditSink.AuditEvent(Instant.now(), AuditSink.Kind.LOGIN, clean(user), from,
                    "login (" + method + ")", ok, ok ? "ok" : "authentication failed"));
        } catch (RuntimeException e) {
            log.warn("audit sink failed for a login record", e);
        }
    }

    private static java.net.InetAddress inetAddress(Session session) {
        return session.getRemoteAddress() instanceof InetSocketAddress i ? i.getAddress() : null;
    }

    /** Refuses connections beyond {@link Builder#maxSessions} and {@link Builder#maxSessionsPerAddress}; logs timeouts. */
    private final class SessionLimiter implements SessionListener {
        @Override
        public void sessionCreated(Session session) {
            java.net.InetAddress from = inetAddress(session);
            Limit refuse = null;
            synchronized (sessions) {
                if (sessions.size() >= cfg.maxSessions) {
                    refuse = Limit.SESSIONS_PER_NODE;
                } else if (from != null && perAddress.getOrDefault(from, 0) >= cfg.maxSessionsPerAddress) {
                    refuse = Limit.SESSIONS_PER_ADDRESS;
                } else {
                    sessions.add(session);
                    if (from != null) perAddress.merge(from, 1, Integer::sum);
                }
            }
            if (refuse != null) {
                count(refuse);
                if (refuse == Limit.SESSIONS_PER_NODE) {
                    log.warn("admin SSH: refusing connection from {}: already {} sessions (maxSessions)",
                            describe(session.getRemoteAddress()), cfg.maxSessions);
                } else {
                    log.warn("admin SSH: refusing connection from {}: that address already has {} sessions (maxSessionsPerAddress)",
                            describe(session.getRemoteAddress()), cfg.maxSessionsPerAddress);
                }
                session.close(true);
            }
        }

        @Override
        public void sessionClosed(Session session) {
            boolean counted;
            synchronized (sessions) {
                counted = sessions.remove(session);
                java.net.InetAddress from = inetAddress(session);
                if (counted && from != null) perAddress.computeIfPresent(from, (k, v) -> v <= 1 ? null : v - 1);
            }
            if (!counted) return;
            org.apache.sshd.common.session.helpers.TimeoutIndicator t = session.getTimeoutStatus();
            if (t == null) return;
            switch (t.getStatus()) {
                case IdleTimeout -> {
                    count(Limit.IDLE_TIMEOUT);
                    log.info("admin SSH: closed idle session of '{}' from {} after {}", clean(session.getUsername()),
                            describe(session.getRemoteAddress()), cfg.idleTimeout);
                }
                case AuthTimeout -> {
                    count(Limit.AUTH_TIMEOUT);
                    log.warn("admin SSH: closed connection from {}: not authenticated within {}",
                            describe(session.getRemoteAddress()), cfg.authTimeout);
                }
                default -> { }
            }
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
        private int maxSessionsPerAddress = 4;
        private int maxAuthAttempts = 6;
        private Duration authTimeout = Duration.ofSeconds(60);
        private Duration authFailureDelay = Duration.ofSeconds(2);
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

        /** Connections (authenticated or not) from one client address; default 4. */
        public Builder maxSessionsPerAddress(int n) {
            if (n < 1) throw new IllegalArgumentException("maxSessionsPerAddress must be >= 1");
            this.maxSessionsPerAddress = n;
            return this;
        }

        /** Authentication requests per connection before it is closed; default 6. */
        public Builder maxAuthAttempts(int n) {
            if (n < 1) throw new IllegalArgumentException("maxAuthAttempts must be >= 1");
            this.maxAuthAttempts = n;
            return this;
        }

        /** Time to finish authenticating after connecting; default 60 s. */
        public Builder authTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("authTimeout must be > 0");
            this.authTimeout = d;
            return this;
        }

        /** Delay before a failed password attempt is answered; default 2 s (0: none). */
        public Builder authFailureDelay(Duration d) {
            if (d.isNegative()) throw new IllegalArgumentException("authFailureDelay must be >= 0");
            this.authFailureDelay = d;
            return this;
        }

        /** A session without traffic for this long is closed; default 30 min. */
        public Builder idleTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("idleTimeout must be > 0");
            this.idleTimeout = d;
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
