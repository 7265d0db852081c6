package dev.casmb.auth.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.casmb.auth.ntlm.NtlmException;
import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.ntlm.NtlmSessionSecurity;
import dev.casmb.auth.ntlm.TestNtlmClient;
import dev.casmb.auth.spnego.SpnegoStep.State;
import dev.casmb.auth.users.UserDatabase;

class SpnegoServerTest {

    static final NtlmServerConfig CFG = new NtlmServerConfig("CASMB", "NODE1", "casmb.test", "node1.casmb.test", false);

    static UserDatabase db() {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("alice", "pw1");
        return db;
    }

    /** Well-known NegTokenInit2 blob (as Windows/Samba servers send in SMB2 NEGOTIATE). */
    static final String INIT2 = "604806062b0601050502a03e303ca00e300c060a2b06010401823702020aa32a3028a0261b24"
            + "6e6f745f646566696e65645f696e5f5246433431373840706c656173655f69676e6f7265";

    @Test
    void negTokenInit2GoldenAndParsesBack() throws Exception {
        byte[] t = SpnegoServer.negTokenInit2();
        assertEquals(INIT2, HexFormat.of().formatHex(t));
        SpnegoTokens.NegTokenInit init = SpnegoTokens.decodeInit(t); // negHints at [3] tolerated
        assertEquals(1, init.mechTypes().size());
        assertArrayEquals(SpnegoTokens.OID_NTLMSSP, init.mechTypes().get(0));
        assertArrayEquals(HexFormat.of().parseHex("060a2b06010401823702020a"), SpnegoTokens.OID_NTLMSSP);
        assertNull(init.mechToken());
    }

    /** Full SPNEGO exchange with a test client; returns {server, client security}. */
    static Object[] handshake(List<byte[]> mechs, boolean clientMechListMic, boolean ntlmMic, String password) {
        SpnegoServer srv = new SpnegoServer(db(), CFG);
        TestNtlmClient c = new TestNtlmClient("alice", password, "CASMB", TestNtlmClient.DEFAULT_FLAGS, ntlmMic);
        try {
            boolean ntlmFirst = java.util.Arrays.equals(mechs.get(0), SpnegoTokens.OID_NTLMSSP);
            SpnegoStep s1 = srv.accept(SpnegoTokens.encodeInit(mechs, ntlmFirst ? c.negotiate() : new byte[] {1, 2, 3}, null));
            assertEquals(State.CONTINUE, s1.state());
            SpnegoTokens.NegTokenResp r1 = SpnegoTokens.decodeResp(s1.responseToken());
            assertEquals(SpnegoTokens.ACCEPT_INCOMPLETE, r1.negState());
            assertArrayEquals(SpnegoTokens.OID_NTLMSSP, r1.supportedMech());
            byte[] challenge = r1.responseToken();
            if (!ntlmFirst) {
                assertNull(challenge);
                SpnegoStep s1b = srv.accept(SpnegoTokens.encodeResp(-1, null, c.negotiate(), null));
                assertEquals(State.CONTINUE, s1b.state());
                challenge = SpnegoTokens.decodeResp(s1b.responseToken()).responseToken();
            }
            byte[] auth = c.authenticate(challenge);
            byte[] mic = null;
            NtlmSessionSecurity cs = null;
            if (password.equals("pw1")) {
                cs = c.security();
                if (clientMechListMic) {
                    mic = cs.sign(SpnegoTokens.mechTypesDer(mechs));
                }
            }
            SpnegoStep s2 = srv.accept(SpnegoTokens.encodeResp(-1, null, auth, mic));
            return new Object[] {srv, cs, s2, mechs};
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertDoneAndSecure(Object[] h) throws Exception {
        SpnegoServer srv = (SpnegoServer) h[0];
        NtlmSessionSecurity cs = (NtlmSessionSecurity) h[1];
        SpnegoStep s2 = (SpnegoStep) h[2];
        @SuppressWarnings("unchecked")
        List<byte[]> mechs = (List<byte[]>) h[3];
        assertEquals(State.DONE, s2.state(), s2.failureReason());
        assertEquals("alice", s2.result().user());
        SpnegoTokens.NegTokenResp fin = SpnegoTokens.decodeResp(s2.responseToken());
        assertEquals(SpnegoTokens.ACCEPT_COMPLETED, fin.negState());
        if (fin.mechListMic() != null) {
            assertTrue(cs.verify(SpnegoTokens.mechTypesDer(mechs), fin.mechListMic()));
            cs.resetAfterMechListMic();
        }
        // After the reset both sides continue their sequence numbers with fresh RC4 streams.
        byte[] sealed = cs.seal("rpc stub".getBytes());
        assertArrayEquals("rpc stub".getBytes(), srv.security().unseal(sealed));
        assertTrue(cs.verify("x".getBytes(), srv.security().sign("x".getBytes())));
    }

    @Test
    void ntlmFirstWithMechListMic() throws Exception {
        Object[] h = handshake(List.of(SpnegoTokens.OID_NTLMSSP), true, true, "pw1");
        assertNotNull(SpnegoTokens.decodeResp(((SpnegoStep) h[2]).responseToken()).mechListMic());
        assertDoneAndSecure(h);
    }

    @Test
    void ntlmFirstWithoutAnyMic() throws Exception {
        Object[] h = handshake(List.of(SpnegoTokens.OID_NTLMSSP), false, false, "pw1");
        assertNull(SpnegoTokens.decodeResp(((SpnegoStep) h[2]).responseToken()).mechListMic());
        assertDoneAndSecure(h);
    }

    @Test
    void ntlmMicButNoMechListMicStillGetsServerMic() throws Exception {
        Object[] h = handshake(List.of(SpnegoTokens.OID_NTLMSSP), false, true, "pw1");
        assertNotNull(SpnegoTokens.decodeResp(((SpnegoStep) h[2]).responseToken()).mechListMic());
        assertDoneAndSecure(h);
    }

    @Test
    void kerberosPreferredFallsBackToNtlm() throws Exception {
        Object[] h = handshake(List.of(SpnegoTokens.OID_MS_KRB5, SpnegoTokens.OID_KRB5, SpnegoTokens.OID_NTLMSSP),
                true, true, "pw1");
        assertDoneAndSecure(h);
    }

    @Test
    void kerberosPreferredWithoutMechListMicIsRejected() {
        Object[] h = handshake(List.of(SpnegoTokens.OID_KRB5, SpnegoTokens.OID_NTLMSSP), false, false, "pw1");
        assertEquals(State.FAILED, ((SpnegoStep) h[2]).state());
    }

    @Test
    void wrongPasswordRejected() throws Exception {
        Object[] h = handshake(List.of(SpnegoTokens.OID_NTLMSSP), false, true, "bad");
        SpnegoStep s = (SpnegoStep) h[2];
        assertEquals(State.FAILED, s.state());
        assertEquals(SpnegoTokens.REJECT, SpnegoTokens.decodeResp(s.responseToken()).negState());
        assertEquals(NtlmException.Reason.LOGON_FAILURE,
                ((SpnegoServer) h[0]).failureCause().orElseThrow().reason());
    }

    @Test
    void badMechListMicRejected() throws Exception {
        SpnegoServer srv = new SpnegoServer(db(), CFG);
        TestNtlmClient c = new TestNtlmClient("alice", "pw1", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true);
        List<byte[]> mechs = List.of(SpnegoTokens.OID_NTLMSSP);
        byte[] ch = SpnegoTokens.decodeResp(srv.accept(SpnegoTokens.encodeInit(mechs, c.negotiate(), null))
                .responseToken()).responseToken();
        byte[] auth = c.authenticate(ch);
        byte[] mic = c.security().sign(SpnegoTokens.mechTypesDer(List.of(SpnegoTokens.OID_KRB5))); // wrong list
        SpnegoStep s = srv.accept(SpnegoTokens.encodeResp(-1, null, auth, mic));
        assertEquals(State.FAILED, s.state());
    }

    @Test
    void rawNtlmsspRoundTrip() throws Exception {
        SpnegoServer srv = new SpnegoServer(db(), CFG);
        TestNtlmClient c = new TestNtlmClient("alice", "pw1", "", TestNtlmClient.DEFAULT_FLAGS, true);
        SpnegoStep s1 = srv.accept(c.negotiate());
        assertEquals(State.CONTINUE, s1.state());
        assertEquals('N', s1.responseToken()[0]); // raw CHALLENGE_MESSAGE
        SpnegoStep s2 = srv.accept(c.authenticate(s1.responseToken()));
        assertEquals(State.DONE, s2.state());
        assertNull(s2.responseToken());
        assertArrayEquals(c.exportedKey(), s2.result().sessionKey());
        // raw NTLMSSP: no mechListMIC, so no reset; streams continue from seq 0 anyway
        assertArrayEquals("a".getBytes(), srv.security().unseal(c.security().seal("a".getBytes())));
    }

    @Test
    void garbageGivesCleanFailure() {
        byte[][] inputs = {
            null, new byte[0], new byte[] {0x60}, new byte[] {0x60, (byte) 0x84, 0, 0, 0, 1},
            new byte[] {0x60, (byte) 0x80, 0, 0}, new byte[] {(byte) 0xa1, 0x05, 0x30, 0x03},
            new byte[70_000], "NTLMSSP\0garbage".getBytes(), new byte[] {(byte) 0xa1, 0x00},
            HexFormat.of().parseHex("a1073005a0030a0107"), // negState 7
        };
        for (byte[] in : inputs) {
            SpnegoStep s = new SpnegoServer(db(), CFG).accept(in);
            assertEquals(State.FAILED, s.state());
            assertNotNull(s.failureReason());
        }
        // deep nesting
        byte[] deep = new byte[] {0x05, 0x00};
        for (int i = 0; i < 40; i++) {
            deep = Der.tlv(0x30, deep);
        }
        assertEquals(State.FAILED, new SpnegoServer(db(), CFG).accept(Der.tlv(0x60, SpnegoTokens.OID_SPNEGO,
                Der.tlv(0xa0, deep))).state());
        // after failure, nothing more is accepted
        SpnegoServer srv = new SpnegoServer(db(), CFG);
        srv.accept(new byte[] {1});
        assertEquals(State.FAILED, srv.accept(SpnegoTokens.encodeInit(List.of(SpnegoTokens.OID_NTLMSSP),
                new TestNtlmClient("a", "b", "c", TestNtlmClient.DEFAULT_FLAGS, false).negotiate(), null)).state());
    }

    @Test
    void noNtlmOfferedIsRejected() {
        SpnegoStep s = new SpnegoServer(db(), CFG).accept(SpnegoTokens.encodeInit(List.of(SpnegoTokens.OID_KRB5),
                new byte[] {1}, null));
        assertEquals(State.FAILED, s.state());
    }

    @Test
    void fuzzedTokensNeverThrow() {
        byte[] good = SpnegoTokens.encodeInit(List.of(SpnegoTokens.OID_MS_KRB5, SpnegoTokens.OID_NTLMSSP),
                new TestNtlmClient("a", "b", "c", TestNtlmClient.DEFAULT_FLAGS, false).negotiate(), new byte[16]);
        Random rnd = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] t = good.clone();
            for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
                t[rnd.nextInt(t.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
                t = java.util.Arrays.copyOf(t, rnd.nextInt(t.length + 1));
            }
            SpnegoStep s = new SpnegoServer(db(), CFG).accept(t);
            assertNotNull(s.state());
            assertFalse(s.state() == State.DONE);
        }
    }

    @Test
    void derRejectsNonMinimalAndIndefinite() {
        assertThrows(Der.DerException.class, () -> Der.parseOne(new byte[] {0x04, (byte) 0x81, 0x01, 0x00}));
        assertThrows(Der.DerException.class, () -> Der.parseOne(new byte[] {0x30, (byte) 0x80, 0x00, 0x00}));
        assertThrows(Der.DerException.class, () -> Der.parseOne(new byte[] {0x04, 0x02, 0x00}));
        assertThrows(Der.DerException.class, () -> Der.parseOne(new byte[] {0x1f, 0x01, 0x00}));
    }
}
