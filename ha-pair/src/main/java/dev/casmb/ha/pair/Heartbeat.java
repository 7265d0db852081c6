package dev.casmb.ha.pair;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct node-to-node heartbeat (the HA interconnect's role): a small UDP datagram every interval
 * to the partner, and the time the partner was last heard from.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private final String node;
    private final DatagramSocket socket;
    private final InetSocketAddress partner;
    private final Duration interval;
    private volatile long lastHeardNanos;
    private volatile String lastPartnerState = "unknown";
    private volatile boolean running = true;
    private volatile String localState = "up";
    /** The aggregates this node serves, as "name@epoch,..." ("-" for none): how the partner learns that an
     * aggregate handed to this node is online here (aggregate relocation waits for it). */
    private volatile String served = "-";
    private volatile java.util.Map<String, Long> partnerServed = java.util.Map.of();
    /** False while the partner's beats carry no served list (a node of an earlier version, mid-upgrade). */
    private volatile boolean partnerAnnouncesServed;
    /** Sends a beat every interval (and nothing else: a change of the served list is sent at once by its setter). */
    private final java.util.concurrent.ScheduledExecutorService sender;
    private final Thread receiver;
    /** Waiters for the partner to report an aggregate online ({@link #whenPartnerServes}), checked on every beat. */
    private final java.util.List<ServedWaiter> servedWaiters = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record ServedWaiter(String aggregate, long epoch, java.util.concurrent.CompletableFuture<Void> done) {}

    public Heartbeat(String node, InetSocketAddress bind, InetSocketAddress partner, Duration interval) throws IOException {
        this.node = node;
        this.partner = partner;
        this.interval = interval;
        this.socket = new DatagramSocket(bind);
        socket.setSoTimeout((int) Math.max(50, interval.toMillis()));
        this.sender = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-send");
            t.setDaemon(true);
            return t;
        });
        this.receiver = new Thread(this::receiveLoop, "heartbeat-recv");
        receiver.setDaemon(true);
        sender.scheduleWithFixedDelay(() -> {
            try {
                sendOnce();
            } catch (RuntimeException e) {
                log.debug("heartbeat send: {}", e.toString()); // a failed beat must not end the schedule
            }
        }, 0, interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        receiver.start();
    }

    /** What this node tells its partner about itself (e.g. "up", "fenced", "waiting-for-giveback"). */
    public void setLocalState(String s) { this.localState = s; }

    /**
     * The aggregates this node now serves (name to ownership epoch); sent at once when the list changes, and
     * with every beat.
     * Names are aggregate names (no blanks, commas or '@').
     */
    public void setServed(java.util.Map<String, Long> aggregates) {
        StringBuilder sb = new StringBuilder();
        for (java.util.Map.Entry<String, Long> e : new java.util.TreeMap<>(aggregates).entrySet()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(e.getKey()).append('@').append(e.getValue());
        }
        String now = sb.length() == 0 ? "-" : sb.toString();
        if (now.equals(served)) return; // unchanged: the next regular beat carries it
        served = now;
        sendOnce();
    }

    /** True once the partner's beats list what it serves (false for a partner of an earlier version). */
    public boolean partnerAnnouncesServed() { return partnerAnnouncesServed; }

    /** True if the partner's last beat said it serves {@code aggregate} at ownership epoch {@code epoch} or later. */
    public boolean partnerServes(String aggregate, long epoch) {
        Long e = partnerServed.get(aggregate);
        return e != null && e >= epoch;
    }

    /**
     * Completes once a beat from the partner says it serves {@code aggregate} at ownership epoch {@code epoch} or
     * later (at once if the last beat did). Never completes otherwise: the caller bounds the wait
     * ({@code get} with a timeout) and cancels the future when it gives up, which drops the waiter.
     */
    public java.util.concurrent.CompletableFuture<Void> whenPartnerServes(String aggregate, long epoch) {
        ServedWaiter w = new ServedWaiter(aggregate, epoch, new java.util.concurrent.CompletableFuture<>());
        servedWaiters.add(w);
        w.done().whenComplete((v, e) -> servedWaiters.remove(w));
        if (partnerServes(aggregate, epoch)) w.done().complete(null); // the beat may have come before the waiter
        return w.done();
    }

    private void wakeServedWaiters() {
        for (ServedWaiter w : servedWaiters) {
            if (partnerServes(w.aggregate(), w.epoch())) w.done().complete(null);
        }
    }

    /** Milliseconds since the partner was last heard, or Long.MAX_VALUE if never. */
    public long partnerSilenceMs() {
        long t = lastHeardNanos;
        return t == 0 ? Long.MAX_VALUE : (System.nanoTime() - t) / 1_000_000;
    }

    public String partnerState() { return lastPartnerState; }

    /** One beat: "node state served". */
    private void sendOnce() {
        try {
            byte[] b = (node + " " + localState + " " + served).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(b, b.length, partner));
        } catch (IOException e) {
            if (running) log.debug("heartbeat send: {}", e.toString());
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[1400];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                String[] f = msg.split(" ", 3);
                lastPartnerState = f.length > 1 ? f[1] : msg;
                partnerServed = parseServed(f.length > 2 ? f[2] : "-");
                partnerAnnouncesServed = f.length > 2;
                lastHeardNanos = System.nanoTime();
                wakeServedWaiters();
            } catch (SocketTimeoutException e) {
                // nothing heard this interval
            } catch (IOException e) {
                if (running) log.debug("heartbeat receive: {}", e.toString());
            }
        }
    }

    static java.util.Map<String, Long> parseServed(String s) {
        java.util.Map<String, Long> m = new java.util.HashMap<>();
        if (s.equals("-")) return m;
        for (String item : s.split(",")) {
            int at = item.lastIndexOf('@');
            if (at <= 0) continue;
            try {
                m.put(item.substring(0, at), Long.parseLong(item.substring(at + 1)));
            } catch (NumberFormatException ignored) {
                // not from a node of this version: ignored
            }
        }
        return m;
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        sender.shutdownNow();
    }
}
