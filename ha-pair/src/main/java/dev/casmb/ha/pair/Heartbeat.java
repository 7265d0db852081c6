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

    /** Milliseconds since the partner was last heard, or Long.MAX_VALUE if never. */
    public long partnerSilenceMs() {
        long t = lastHeardNanos;
        return t == 0 ? Long.MAX_VALUE : (System.nanoTime() - t) / 1_000_000;
    }

    public String partnerState() { return lastPartnerState; }

    private void sendLoop() {
        while (running) {
            try {
                byte[] b = (node + " " + localState).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(b, b.length, partner));
            } catch (IOException e) {
                if (running) log.debug("heartbeat send: {}", e.toString());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[256];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                int sp = msg.indexOf(' ');
                lastPartnerState = sp > 0 ? msg.substring(sp + 1) : msg;
                lastHeardNanos = System.nanoTime();
            } catch (SocketTimeoutException e) {
                // nothing heard this interval
            } catch (IOException e) {
                if (running) log.debug("heartbeat receive: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        sender.interrupt();
    }
}
