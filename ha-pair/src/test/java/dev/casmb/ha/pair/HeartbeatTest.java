package dev.casmb.ha.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The partner heartbeat tells the other node what it serves (aggregate relocation waits on it). */
class HeartbeatTest {
    private static final String HOST = "127.0.0.71";

    @Test
    void servedAggregatesReachThePartnerWithTheirEpochs() throws Exception {
        InetSocketAddress a = new InetSocketAddress(HOST, 47101);
        InetSocketAddress b = new InetSocketAddress(HOST, 47102);
        try (Heartbeat ha = new Heartbeat("node-a", a, b, Duration.ofSeconds(10));
             Heartbeat hb = new Heartbeat("node-b", b, a, Duration.ofSeconds(10))) {
            // beats every 10 s: what arrives sooner was sent by setServed itself
            ha.setServed(Map.of("aggr1", 3L, "aggr2", 1L));
            assertTrue(within(2000, () -> hb.partnerServes("aggr1", 3)), "aggr1@3 announced");
            assertTrue(hb.partnerAnnouncesServed());
            assertTrue(hb.partnerServes("aggr2", 1));
            assertFalse(hb.partnerServes("aggr1", 4), "a later epoch is not served yet");
            assertFalse(hb.partnerServes("aggr3", 0));
            assertEquals("up", hb.partnerState());
            ha.setServed(Map.of());
            assertTrue(within(2000, () -> !hb.partnerServes("aggr1", 3)), "release announced");
        }
    }

    @Test
    void aPartnerOfAnEarlierVersionAnnouncesNothing() throws Exception {
        InetSocketAddress b = new InetSocketAddress(HOST, 47104);
        try (Heartbeat hb = new Heartbeat("node-b", b, new InetSocketAddress(HOST, 47103), Duration.ofSeconds(10));
             DatagramSocket old = new DatagramSocket(new InetSocketAddress(HOST, 47103))) {
            byte[] beat = "node-a up".getBytes(StandardCharsets.UTF_8); // the format before served lists
            old.send(new DatagramPacket(beat, beat.length, b));
            assertTrue(within(2000, () -> hb.partnerSilenceMs() < 5000), "beat heard");
            assertFalse(hb.partnerAnnouncesServed());
            assertEquals("up", hb.partnerState());
        }
    }

    @Test
    void aWaitForThePartnerToServeEndsWithTheBeatThatSaysSo() throws Exception {
        InetSocketAddress a = new InetSocketAddress(HOST, 47105);
        InetSocketAddress b = new InetSocketAddress(HOST, 47106);
        try (Heartbeat ha = new Heartbeat("node-a", a, b, Duration.ofSeconds(10));
             Heartbeat hb = new Heartbeat("node-b", b, a, Duration.ofSeconds(10))) {
            java.util.concurrent.CompletableFuture<Void> online = hb.whenPartnerServes("aggr1", 4);
            ha.setServed(Map.of("aggr1", 3L));
            assertTrue(within(10_000, () -> hb.partnerServes("aggr1", 3)));
            assertFalse(online.isDone(), "epoch 3 is older than the one awaited");
            ha.setServed(Map.of("aggr1", 4L));
            online.get(10, java.util.concurrent.TimeUnit.SECONDS); // bounded; done at the first beat with epoch 4
            assertTrue(hb.whenPartnerServes("aggr1", 4).isDone(), "already served: at once");
        }
    }

    @Test
    void parseIgnoresWhatItCannotRead() {
        assertEquals(Map.of("a", 2L, "b-1", 7L), Heartbeat.parseServed("a@2,b-1@7,bogus,c@x"));
        assertEquals(Map.of(), Heartbeat.parseServed("-"));
    }

    private static boolean within(long ms, BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (c.getAsBoolean()) return true;
            Thread.sleep(10);
        }
        return c.getAsBoolean();
    }
}
