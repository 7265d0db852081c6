package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Malformed and hostile input on raw sockets. For each, the server must answer with an error or drop
 * only the offending connection; after each test a fresh connection must still negotiate, and at the end
 * smbclient must still work. One server serves the whole class, so damage would accumulate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RobustnessTest {
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start("robustness");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    /** Another client is unaffected: a fresh connection negotiates successfully. */
    @AfterEach
    void othersStillServed() throws IOException {
        assertTrue(server.isAlive(), () -> "server died:\n" + server.logTail());
        try (RawSmb c = new RawSmb(server)) {
            byte[] r = c.negotiate(0);
            assertNotNull(r, "fresh connection was dropped");
            assertEquals(0, RawSmb.status(r), "fresh NEGOTIATE failed");
            assertEquals(RawSmb.NEGOTIATE, RawSmb.command(r));
        }
    }

    private static RawSmb negotiated() throws IOException {
        RawSmb c = new RawSmb(server);
        byte[] r = c.negotiate(0);
        assertNotNull(r);
        assertEquals(0, RawSmb.status(r));
        return c;
    }

    @Test
    void truncatedFrameThenHalfCloseIsDropped() throws IOException {
        try (RawSmb c = new RawSmb(server)) {
            byte[] neg = RawSmb.negotiateRequest(0);
            c.sendRaw(ByteBuffer.allocate(4).putInt(200).array());
            c.sendRaw(Arrays.copyOf(neg, 70));
            c.socket().shutdownOutput();
            c.expectDrop();
        }
    }

    @Test
    void messageShorterThanTheHeader() throws IOException {
        try (RawSmb c = new RawSmb(server)) {
            c.sendFrame(Arrays.copyOf(RawSmb.negotiateRequest(0), 20));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void negotiateWithTruncatedBody() throws IOException {
        try (RawSmb c = new RawSmb(server)) {
            c.sendFrame(Arrays.copyOf(RawSmb.negotiateRequest(0), 64 + 10));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void garbageFrame() throws IOException {
        byte[] junk = new byte[512];
        new Random(1).nextBytes(junk);
        junk[0] = 0x42;
        try (RawSmb c = new RawSmb(server)) {
            c.sendFrame(junk);
            c.expectErrorOrDrop();
        }
    }

    @Test
    void garbageStreamIsDropped() throws IOException {
        byte[] junk = new byte[64 * 1024];
        new Random(2).nextBytes(junk);
        junk[0] = (byte) 0x85;                 // not a Direct TCP session message
        try (RawSmb c = new RawSmb(server)) {
            try {
                c.sendRaw(junk);
            } catch (IOException closedEarly) {
                return;                         // dropped while we were still writing
            }
            c.expectErrorOrDrop();
        }
    }

    @Test
    void oversizedLengthHeaderIsDropped() throws IOException {
        try (RawSmb c = new RawSmb(server)) {
            c.sendRaw(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            try {
                for (int i = 0; i < 16; i++) c.sendRaw(new byte[64 * 1024]);
            } catch (IOException closedEarly) {
                return;
            }
            c.expectDrop();
        }
    }

    @Test
    void requestBeforeNegotiate() throws IOException {
        try (RawSmb c = new RawSmb(server)) {
            c.sendFrame(RawSmb.treeConnect(0, 0, "\\\\" + server.host() + "\\public"));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void nextCommandPastTheBuffer() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.echo(1, 0, 1, 0x1000));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void nextCommandInsideTheHeader() throws IOException {
        try (RawSmb c = negotiated()) {
            byte[] two = new byte[136];
            System.arraycopy(RawSmb.echo(1, 0, 1, 8), 0, two, 0, 68);
            System.arraycopy(RawSmb.echo(2, 0, 1, 0), 0, two, 68, 68);
            c.sendFrame(two);
            c.expectErrorOrDrop();
        }
    }

    @Test
    void securityBufferOffsetPastTheBuffer() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.sessionSetup(1, 0xFF00, 0x100, 16));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void securityBufferLengthPastTheBuffer() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.sessionSetup(1, 64 + 24, 0xFFFF, 16));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void unknownSessionIdIsRefused() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.treeConnect(1, 0x0123456789L, "\\\\" + server.host() + "\\public"));
            byte[] r = c.readFrame();
            assertNotNull(r, "connection dropped instead of STATUS_USER_SESSION_DELETED");
            assertEquals(RawSmb.STATUS_USER_SESSION_DELETED, RawSmb.status(r),
                "MS-SMB2 3.3.5.2.9: unknown SessionId must fail with STATUS_USER_SESSION_DELETED");
        }
    }

    @Test
    void messageIdFarOutsideTheCreditWindow() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.echo(100_000, 0, 1, 0));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void messageIdReused() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.echo(0, 0, 1, 0));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void creditChargeBeyondGrantedCredits() throws IOException {
        try (RawSmb c = negotiated()) {
            c.sendFrame(RawSmb.echo(1, 0, 0xFFFF, 0));
            c.expectErrorOrDrop();
        }
    }

    @Test
    void manyAbruptlyResetConnections() throws IOException {
        for (int i = 0; i < 100; i++) {
            try (RawSmb c = new RawSmb(server)) {
                Socket s = c.socket();
                s.setSoLinger(true, 0);            // RST on close
                c.sendRaw(Arrays.copyOf(RawSmb.negotiateRequest(0), 40));
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void smbclientStillWorksAfterAllOfThat() throws Exception {
        Cmd.assumeInstalled("smbclient", "smbclient");
        Cmd.Result r = new Smbclient(server, "public", List.of("-m", "SMB3"))
            .run("put " + server.dir().resolve("server.yaml") + " after-abuse.yaml");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(java.nio.file.Files.exists(server.shareDir("public").resolve("after-abuse.yaml")));
    }
}
