package dev.casmb.client;

import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.client.RpcClientConnection;
import dev.casmb.rpc.client.WitnessClient;
import dev.casmb.rpc.client.WitnessStatusException;
import dev.casmb.rpc.swn.WitnessConstants;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an {@link SmbClient} follow the Service Witness Protocol as a Windows client does on a clustered
 * share (MS-SWN 3.2): ask the node serving us for the interface list, register (RegisterEx, v2) with a
 * witness on an interface of the <em>other</em> node, and wait in AsyncNotify. Then:
 * <ul>
 *   <li>CLIENT_MOVE / SHARE_MOVE: move to a destination address now (reconnect + DH2C reclaim), unless the
 *       client is already connected to one of them;</li>
 *   <li>RESOURCE_CHANGE unavailable for our address: reconnect at once (instead of waiting for TCP to notice),
 *       unless the client has reconnected since it registered;</li>
 *   <li>RESOURCE_CHANGE available, IP_CHANGE: recorded.</li>
 * </ul>
 * Whenever the client ends up on another address it registers again for that one. With no witness
 * interface available (e.g. every LIF is on the survivor after a takeover) it retries every second.
 * Runs on its own daemon thread until {@link #close()}.
 */
public final class WitnessFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WitnessFollower.class);

    /** netName: the SVM's CIFS server name; share: the share to watch (SHARE_MOVE), may be null. */
    public record Config(String netName, String share, int epmPort, String clientName, int keepAliveSeconds, int timeoutMs) {
        public static Config of(String netName, String share, int epmPort) {
            return new Config(netName, share, epmPort, "CASMB-CLIENT", 60, 2000);
        }
    }

    /** A notification as received, and what the follower did about it. */
    public record Received(long nanos, String witness, WitnessClient.Notification notification, String action) {}

    private final SmbClient smb;
    private final Config config;
    private final RpcClientConnection.Credentials creds;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> registrations = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile WitnessClient current;
    private volatile String registeredFor;
    private volatile String status = "starting";

    public WitnessFollower(SmbClient smb, Config config, String user, String domain, byte[] ntHash) {
        this.smb = smb;
        this.config = config;
        this.creds = new RpcClientConnection.Credentials(user, domain, ntHash);
        this.thread = new Thread(this::run, "witness-follower");
        thread.setDaemon(true);
        smb.addListener(info -> {
            // the client moved: the registration names the old address, so register again
            String reg = registeredFor;
            WitnessClient c = current;
            if (c != null && reg != null && !reg.equals(info.to())) c.close();
        });
    }

    public WitnessFollower start() {
        thread.start();
        return this;
    }

    public List<Received> received() { return List.copyOf(received); }

    /** Every registration made: "witness IP for client IP". */
    public List<String> registrations() { return List.copyOf(registrations); }

    public String status() { return status; }

    private void run() {
        long backoff = 200;
        while (!closed) {
            String ip = smb.currentServer();
            try {
                if (ip.equals("-")) throw new IOException("not connected");
                InetAddress cur = InetAddress.getByName(ip);
                WitnessClient.Interface w = pickWitness(cur);
                if (w == null) {
                    status = "no witness interface available (every LIF is hosted by the node serving " + ip + ")";
                    pause(1000);
                    continue;
                }
                int gen = smb.generation();
                try (WitnessClient wc = WitnessClient.connect(new InetSocketAddress(w.ipv4(), config.epmPort()), creds, config.timeoutMs())) {
                    current = wc;
                    registeredFor = ip;
                    if (!ip.equals(smb.currentServer())) continue; // moved meanwhile
                    ContextHandle h = wc.registerEx(config.netName(), config.share(), cur, config.clientName(), true,
                        config.keepAliveSeconds());
                    status = "registered with the witness on " + w.ipv4().getHostAddress() + " for " + ip;
                    registrations.add(w.ipv4().getHostAddress() + " for " + ip);
                    LOG.info("witness: {}", status);
                    backoff = 200;
                    while (!closed) {
                        WitnessClient.Notification n;
                        try {
                            n = wc.asyncNotify(h, (config.keepAliveSeconds() + 15) * 1000);
                        } catch (WitnessStatusException e) {
                            if (e.timeout()) continue; // keep-alive expired with nothing to say: ask again
                            throw e;
                        }
                        long at = System.nanoTime();
                        String action = act(n, cur, gen);
                        received.add(new Received(at, w.ipv4().getHostAddress(), n, action));
                        LOG.info("witness: {} from {}: {}", n, w.ipv4().getHostAddress(), action);
                        if (!ip.equals(smb.currentServer())) break; // register again for the new address
                    }
                } finally {
                    current = null;
                }
            } catch (IOException | RuntimeException e) {
                if (closed) break;
                status = "witness unavailable: " + e.getMessage();
                LOG.debug("witness: {}", status);
                pause(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    /** The interface list from the node serving {@code cur}; the first available witness interface elsewhere. */
    private WitnessClient.Interface pickWitness(InetAddress cur) throws IOException {
        try (WitnessClient probe = WitnessClient.connect(new InetSocketAddress(cur, config.epmPort()), creds, config.timeoutMs())) {
            for (WitnessClient.Interface i : probe.interfaces()) {
                if (i.witness() && i.available() && i.ipv4() != null && !i.ipv4().equals(cur)) return i;
            }
            return null;
        }
    }

    private String act(WitnessClient.Notification n, InetAddress cur, int registeredGen) throws IOException {
        switch (n.type()) {
            case WitnessConstants.CLIENT_MOVE, WitnessConstants.SHARE_MOVE -> {
                List<InetAddress> dest = n.addresses().stream().filter(WitnessClient.IpAddr::online).map(WitnessClient.IpAddr::address).toList();
                String now = smb.currentServer();
                // the list may name the moving address itself (it will be on the destination node too), but a
                // connection to it breaks when it moves: prefer another destination, as MS-SWN 3.2.5.1.1 intends
                if (!now.equals(cur.getHostAddress()) && dest.stream().anyMatch(d -> d.getHostAddress().equals(now))) {
                    return "already connected to a destination (" + now + ")";
                }
                List<InetAddress> order = new java.util.ArrayList<>(dest.stream().filter(d -> !d.equals(cur)).toList());
                if (dest.contains(cur)) order.add(cur);
                for (InetAddress d : order) {
                    if (d.getHostAddress().equals(now)) return "stays on " + now + " (the only destination)";
                    if (smb.moveTo(d, "witness " + n.typeName() + " to " + d.getHostAddress())) return "moved to " + smb.currentServer();
                }
                return "no destination among the client's server addresses: " + dest;
            }
            case WitnessConstants.RESOURCE_CHANGE -> {
                for (WitnessClient.ResourceChange c : n.changes()) {
                    if (!c.available() && c.name().equals(cur.getHostAddress())) {
                        if (smb.generation() != registeredGen) return "already reconnected since registering";
                        smb.reconnectNow("witness RESOURCE_CHANGE: " + c.name() + " unavailable");
                        return "reconnected to " + smb.currentServer();
                    }
                }
                return "recorded";
            }
            default -> {
                return "recorded";
            }
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        WitnessClient c = current;
        if (c != null) c.close();
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
