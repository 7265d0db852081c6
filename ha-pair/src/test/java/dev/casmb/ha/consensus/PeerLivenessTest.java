package dev.casmb.ha.consensus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process-death detector: a closed peer is refused, hence proven dead; a live one is not. */
class PeerLivenessTest {

    private static int freePort(String host) throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        }
    }

    @Test
    void aStoppedPeerIsConfirmedDeadAndALiveOneIsNot() throws Exception {
        String host = "127.0.0.1";
        InetSocketAddress a = new InetSocketAddress(host, freePort(host));
        InetSocketAddress b = new InetSocketAddress(host, freePort(host));
        CountDownLatch down = new CountDownLatch(1);
        try (PeerLiveness la = new PeerLiveness(a, Map.of("b", b), (id, alive) -> {
            if (!alive) down.countDown();
        })) {
            PeerLiveness lb = new PeerLiveness(b, Map.of("a", a), (id, alive) -> { });
            for (int i = 0; i < 750 && !la.seenUp("b"); i++) Thread.sleep(20); // bounds, not timings: a loaded host is slow
            assertTrue(la.seenUp("b"), "a connects to b");
            assertTrue(la.maybeAlive("b"));
            assertFalse(la.confirmedDead("b"), "a live peer is not dead");

            lb.close(); // what a killed process's kernel does: the side connection and the listener close
            assertTrue(down.await(15, TimeUnit.SECONDS), "a sees b go");
            assertFalse(la.maybeAlive("b"));
            assertTrue(la.confirmedDead("b"), "the reconnect was refused, so b's process is proven dead");
            assertFalse(la.confirmedDead("nobody"), "a peer never seen is not dead");
        }
    }
}
