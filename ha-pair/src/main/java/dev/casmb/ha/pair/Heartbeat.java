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
    private final Thread sender;
    private final Thread receiver;

    public Heartbeat(String node, InetSocketAddress bind, InetSocketAddress partner, Duration interval) throws IOException {
        this.node = node;
        this.partner = partner;
        this.interval = interval;
        this.socket = new DatagramSocket(bind);
        socket.setSoTimeout((int) Math.max(50, interval.toMillis()));
        this.sender = new Thread(this::sendLoop, "heartbeat-send");
        this.receiver = new Thread(this::receiveLoop, "heartbeat-recv");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
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

    private void sendLoop() {
        while (running) {
            sendOnce();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
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
        sender.interrupt();
    }
}
