package dev.casmb.lif.it;

import dev.casmb.lif.driver.LoopbackLifDriver;
import dev.casmb.lif.driver.LoopbackSegment;
import dev.casmb.lif.manager.LifManager;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.store.InMemoryLifStateStore;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two "nodes" in one JVM, each with a TCP server that follows the LIF 127.0.0.31. Migrating the LIF
 * resets the client's connection at once and the client reconnects to the other node.
 */
class LoopbackMigrationTest {

    static final LifAddress LIF_ADDR = LifAddress.parse("127.0.0.31/8");

    @Test
    void clientIsResetAndReconnectsToTheNewNodeQuickly() throws Exception {
        int port = freePort(LIF_ADDR.address());
        InMemoryLifStateStore store = new InMemoryLifStateStore();
        LoopbackSegment segment = new LoopbackSegment();
        LifManager a = new LifManager("node-a", "node-b", new LoopbackLifDriver("node-a", segment), store);
        LifManager b = new LifManager("node-b", "node-a", new LoopbackLifDriver("node-b", segment), store);
        try (LifBoundEchoServer srvA = new LifBoundEchoServer("node-a", port);
             LifBoundEchoServer srvB = new LifBoundEchoServer("node-b", port)) {
            a.addListener(srvA);
            b.addListener(srvB);
            a.start();
            b.start();
            a.createSvm("svm1", "CASMB1", "casmb1.example.test");
            a.create("lif_a", "svm1", LIF_ADDR, "node-a", "lo", FailoverPolicy.PARTNER, true);

            try (Socket client = connect(port)) {
                BufferedReader in = reader(client);
                assertEquals("node-a", in.readLine());

                // a reader blocked on the connection, as an SMB client would be
                CompletableFuture<Object> broken = CompletableFuture.supplyAsync(() -> {
                    try {
                        int c = client.getInputStream().read();
                        return "read returned " + c + " at " + System.nanoTime();
                    } catch (IOException e) {
                        return new Object[] {e, System.nanoTime()};
                    }
                });
                Thread.sleep(50); // let it block

                long t0 = System.nanoTime();
                a.migrate("lif_a", "node-b");
                String greeting = null;
                long reconnected = 0;
                for (int i = 0; i < 100 && greeting == null; i++) {
                    try (Socket again = connect(port)) {
                        greeting = reader(again).readLine();
                        reconnected = System.nanoTime();
                    } catch (IOException e) {
                        Thread.sleep(5);
                    }
                }
                Object outcome = broken.get(2, TimeUnit.SECONDS);
                assertTrue(outcome instanceof Object[], "connection was not broken by an error: " + outcome);
                Object[] o = (Object[]) outcome;
                Exception e = (Exception) o[0];
                assertTrue(e instanceof SocketException && e.getMessage().toLowerCase().contains("reset"),
                        "expected a connection reset (RST), got " + e);
                long breakMs = ((long) o[1] - t0) / 1_000_000;
                long gapMs = (reconnected - t0) / 1_000_000;
                System.out.printf("loopback LIF migration: client reset after %d ms, reconnected to %s after %d ms%n",
                        breakMs, greeting, gapMs);
                assertEquals("node-b", greeting);
                assertTrue(breakMs < 500, "reset took " + breakMs + " ms");
                assertTrue(gapMs < 500, "gap was " + gapMs + " ms");
            }
        } finally {
            a.close();
            b.close();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(LIF_ADDR.address(), port), 500);
        s.setSoTimeout(2000);
        return s;
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static int freePort(InetAddress addr) throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, addr)) {
            return ss.getLocalPort();
        }
    }
}
