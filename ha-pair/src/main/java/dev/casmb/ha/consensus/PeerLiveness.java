package dev.casmb.ha.consensus;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Process-death detector between members: every member listens on a side TCP port and holds one idle
 * connection to each peer's side port. When a peer <em>process</em> dies (crash, SIGKILL, OOM kill, clean
 * stop) its kernel closes both the connection and the listening socket, so we see EOF/RST at once and
 * confirm it with one reconnect attempt that is refused. That lets a survivor start a Raft election within
 * milliseconds instead of waiting out the election timeout.
 *
 * <p>It is an accelerator, never a replacement for Raft's own timeouts: a hung process (SIGSTOP, GC
 * storm), a host crash or a network partition closes nothing, and is detected by the ordinary election
 * timeout. A false "down" only triggers an election, which Raft makes safe; a missed "down" only costs
 * the timeout.
 */
public final class PeerLiveness implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerLiveness.class);
    private static final int CONNECT_TIMEOUT_MS = 200;
    private static final long RETRY_SLEEP_MS = 25;

    /** Known state of a peer: null = never connected yet (treated as alive). */
    private final Map<String, Boolean> up = new ConcurrentHashMap<>();
    /** Peers whose last connect attempt was refused (not timed out): their host answered, nothing listens. */
    private final Map<String, Boolean> refused = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Socket> watching = new ConcurrentHashMap<>();
    private final BiConsumer<String, Boolean> listener;
    private final ServerSocket server;
    private volatile boolean closed;

    /**
     * @param local address to listen on
     * @param peers remote peers (id → side address)
     * @param listener called with (peerId, alive) on every confirmed transition, from a detector thread
     */
    public PeerLiveness(InetSocketAddress local, Map<String, InetSocketAddress> peers, BiConsumer<String, Boolean> listener)
            throws IOException {
        this.listener = listener;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(local, 16);
        Thread acceptor = new Thread(this::acceptLoop, "liveness-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        for (Map.Entry<String, InetSocketAddress> e : peers.entrySet()) {
            Thread t = new Thread(() -> watch(e.getKey(), e.getValue()), "liveness-" + e.getKey());
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** False only when the peer's process was seen to die and has not come back. */
    public boolean maybeAlive(String peerId) {
        return up.getOrDefault(peerId, Boolean.TRUE);
    }

    /** Whether a connection to the peer's side port is (or was last) established. */
    boolean seenUp(String peerId) {
        return Boolean.TRUE.equals(up.get(peerId));
    }

    /**
     * Stronger than {@code !maybeAlive}: the peer's side connection broke <em>and</em> the reconnect that
     * confirmed it was refused (an RST from its host: the host is reachable and nothing listens), rather than
     * timed out. A partition or a hung host times out; only a dead (or stopped) process is refused.
     */
    public boolean confirmedDead(String peerId) {
        return !maybeAlive(peerId) && refused.getOrDefault(peerId, Boolean.FALSE);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                accepted.add(s); // held open until we die; nothing is ever sent
                if (closed) close(s); // close() ran between accept() and add: it did not see this socket
                accepted.removeIf(Socket::isClosed);
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("liveness accept: {}", e.toString());
                }
            }
        }
    }

    private void watch(String id, InetSocketAddress addr) {
        Socket s = null;
        while (!closed) {
            if (s == null) {
                s = connect(id, addr);
                if (s == null) {
                    pauseBeforeReconnect();
                    continue;
                }
                mark(id, true);
            }
            watching.put(id, s);
            if (closed) {
                break;
            }
            try {
                InputStream in = s.getInputStream();
                while (!closed && in.read() >= 0) {
                    // peers never send; ignore anything
                }
            } catch (IOException e) {
                // RST or local close
            }
            close(s);
            s = null;
            if (closed) {
                return;
            }
            // Confirm: a live process (e.g. restarted in between) accepts again; a dead one refuses.
            s = connect(id, addr);
            if (s == null) {
                mark(id, false);
                pauseBeforeReconnect();
            }
        }
        close(s);
    }

    private void mark(String id, boolean alive) {
        Boolean prev = up.put(id, alive);
        if (prev == null ? !alive : prev != alive) {
            LOG.info("peer {} process {}", id, alive ? "up" : "DOWN");
            try {
                listener.accept(id, alive);
            } catch (RuntimeException e) {
                LOG.warn("liveness listener failed", e);
            }
        }
    }

    /** Connects to {@code id}'s side port, recording in {@link #refused} whether a failure was a refusal. */
    private Socket connect(String id, InetSocketAddress addr) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(addr, CONNECT_TIMEOUT_MS);
            refused.remove(id);
            return s;
        } catch (IOException e) {
            // Only ECONNREFUSED proves that the host answered and nothing listens. The JDK also throws
            // ConnectException for ETIMEDOUT and ENOTCONN, hence the message check; our own connect timeout
            // (SocketTimeoutException) and NoRouteToHostException prove nothing.
            refused.put(id, e instanceof java.net.ConnectException
                && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("refused"));
            close(s);
            return null;
        }
    }

    /**
     * The one poll left in the detector: a peer's side port is an external thing with no event to wait on, so a
     * watcher whose connect failed tries again after {@link #RETRY_SLEEP_MS} (each pause bounded; the watcher runs
     * until {@link #close}).
     */
    private void pauseBeforeReconnect() {
        try {
            Thread.sleep(RETRY_SLEEP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void close(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // best effort
        }
        synchronized (accepted) {
            accepted.forEach(PeerLiveness::close);
        }
        watching.values().forEach(PeerLiveness::close);
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
