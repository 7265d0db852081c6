package dev.casmb.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.casmb.auth.ntlm.NtlmException.Reason;
import dev.casmb.auth.users.UserDatabase;

class NtlmRoundTripTest {

    static final NtlmServerConfig CFG = new NtlmServerConfig("CASMB", "NODE1", "casmb.test", "node1.casmb.test", false);

    static UserDatabase db() {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("Alice", "s3cret!");
        return db;
    }

    static NtlmAuthResult run(TestNtlmClient c, NtlmServerContext s) throws NtlmException {
        byte[] challenge = s.acceptNegotiate(c.negotiate());
        return s.acceptAuthenticate(c.authenticate(challenge));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void rightPasswordSucceedsAndKeysAgree(boolean keyExch, boolean mic) throws Exception {
        int flags = TestNtlmClient.DEFAULT_FLAGS & (keyExch ? ~0 : ~NtlmFlags.KEY_EXCH);
        TestNtlmClient c = new TestNtlmClient("alice", "s3cret!", "WHATEVER", flags, mic);
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        NtlmAuthResult r = run(c, s);
        assertEquals("Alice", r.user());
        assertEquals("WHATEVER", r.domain());
        assertFalse(r.anonymous());
        assertArrayEquals(c.exportedKey(), r.sessionKey());
        assertEquals(keyExch, NtlmFlags.has(r.negotiatedFlags(), NtlmFlags.KEY_EXCH));

        // Session security both ways, several messages (RC4 streams persist).
        NtlmSessionSecurity cs = c.security();
        NtlmSessionSecurity ss = s.security();
        for (int i = 0; i < 3; i++) {
            byte[] m = ("request " + i).getBytes();
            assertArrayEquals(m, ss.unseal(cs.seal(m)));
            byte[] sig = ss.sign(m);
            assertEquals(i, sig[12]);
            assertTrue(cs.verify(m, sig));
        }
        // Tampering is detected.
        byte[] sealed = cs.seal("x".repeat(40).getBytes());
        sealed[20] ^= 1;
        assertThrows(NtlmException.class, () -> ss.unseal(sealed));
    }

    @Test
    void emptyDomainAccepted() throws Exception {
        NtlmAuthResult r = run(new TestNtlmClient("ALICE", "s3cret!", "", TestNtlmClient.DEFAULT_FLAGS, true),
                new NtlmServerContext(db(), CFG));
        assertEquals("Alice", r.user());
    }

    @Test
    void wrongPasswordFails() throws Exception {
        TestNtlmClient c = new TestNtlmClient("alice", "wrong", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true);
        NtlmException e = assertThrows(NtlmException.class, () -> run(c, new NtlmServerContext(db(), CFG)));
        assertEquals(Reason.LOGON_FAILURE, e.reason());
    }

    @Test
    void unknownUserFails() {
        TestNtlmClient c = new TestNtlmClient("bob", "s3cret!", "CASMB", TestNtlmClient.DEFAULT_FLAGS, false);
        NtlmException e = assertThrows(NtlmException.class, () -> run(c, new NtlmServerContext(db(), CFG)));
        assertEquals(Reason.LOGON_FAILURE, e.reason());
    }

    @Test
    void badMicFails() {
        TestNtlmClient c = new TestNtlmClient("alice", "s3cret!", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true);
        c.corruptMic = true;
        NtlmException e = assertThrows(NtlmException.class, () -> run(c, new NtlmServerContext(db(), CFG)));
        assertEquals(Reason.LOGON_FAILURE, e.reason());
    }

    @Test
    void contextIsSingleUse() throws Exception {
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        TestNtlmClient c = new TestNtlmClient("alice", "s3cret!", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true);
        byte[] auth = c.authenticate(s.acceptNegotiate(c.negotiate()));
        s.acceptAuthenticate(auth);
        assertEquals(Reason.PROTOCOL_STATE, assertThrows(NtlmException.class, () -> s.acceptAuthenticate(auth)).reason());
        assertEquals(Reason.PROTOCOL_STATE,
                assertThrows(NtlmException.class, () -> new NtlmServerContext(db(), CFG).acceptAuthenticate(auth)).reason());
    }

    @Test
    void ntlmV1Refused() throws Exception {
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        s.acceptNegotiate(new NegotiateMessage(TestNtlmClient.DEFAULT_FLAGS, "", "").encode());
        byte[] auth = new AuthenticateMessage(new byte[24], new byte[24], "CASMB", "alice", "WS", new byte[16],
                TestNtlmClient.DEFAULT_FLAGS, null).encode(false);
        assertEquals(Reason.NTLMV1_REFUSED, assertThrows(NtlmException.class, () -> s.acceptAuthenticate(auth)).reason());
    }

    static byte[] anonymousAuth(int flags) {
        return new AuthenticateMessage(new byte[1], new byte[0], "", "", "WS", new byte[0],
                flags & ~NtlmFlags.KEY_EXCH, null).encode(false);
    }

    @Test
    void anonymousRefusedByDefault() throws Exception {
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        s.acceptNegotiate(new NegotiateMessage(TestNtlmClient.DEFAULT_FLAGS, "", "").encode());
        assertEquals(Reason.ANONYMOUS_REFUSED, assertThrows(NtlmException.class,
                () -> s.acceptAuthenticate(anonymousAuth(TestNtlmClient.DEFAULT_FLAGS))).reason());
    }

    @Test
    void anonymousAllowedWhenConfigured() throws Exception {
        NtlmServerConfig cfg = new NtlmServerConfig("CASMB", "NODE1", "", "", true);
        NtlmServerContext s = new NtlmServerContext(db(), cfg);
        s.acceptNegotiate(new NegotiateMessage(TestNtlmClient.DEFAULT_FLAGS, "", "").encode());
        NtlmAuthResult r = s.acceptAuthenticate(anonymousAuth(TestNtlmClient.DEFAULT_FLAGS));
        assertTrue(r.anonymous());
        assertEquals("", r.user());
        assertEquals(16, r.sessionKey().length);
        assertFalse(s.hasSecurity());
    }

    @Test
    void challengeMessageContents() throws Exception {
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        int req = NtlmFlags.UNICODE | NtlmFlags.NTLM | NtlmFlags.EXTENDED_SESSIONSECURITY | NtlmFlags.SIGN;
        ChallengeMessage ch = ChallengeMessage.decode(s.acceptNegotiate(new NegotiateMessage(req, "", "").encode()));
        int f = ch.flags();
        assertTrue(NtlmFlags.has(f, NtlmFlags.SIGN));
        assertFalse(NtlmFlags.has(f, NtlmFlags.SEAL));
        assertFalse(NtlmFlags.has(f, NtlmFlags.KEY_EXCH));
        assertTrue(NtlmFlags.has(f, NtlmFlags.TARGET_INFO | NtlmFlags.TARGET_TYPE_SERVER));
        assertEquals("NODE1", ch.targetName());
        var pairs = ch.targetInfoPairs();
        assertEquals("CASMB", new String(AvPair.find(pairs, AvPair.MSV_AV_NB_DOMAIN_NAME).get().value(),
                java.nio.charset.StandardCharsets.UTF_16LE));
        assertEquals("node1.casmb.test", new String(AvPair.find(pairs, AvPair.MSV_AV_DNS_COMPUTER_NAME).get().value(),
                java.nio.charset.StandardCharsets.UTF_16LE));
        assertEquals(8, AvPair.find(pairs, AvPair.MSV_AV_TIMESTAMP).get().value().length);
        // two contexts -> different challenges
        byte[] c2 = new NtlmServerContext(db(), CFG).acceptNegotiate(new NegotiateMessage(req, "", "").encode());
        assertFalse(Arrays.equals(ch.serverChallenge(), ChallengeMessage.decode(c2).serverChallenge()));
    }

    @Test
    void resetAfterMechListMicRestartsStreamsButNotSequenceNumbers() throws Exception {
        TestNtlmClient c = new TestNtlmClient("alice", "s3cret!", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true);
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        run(c, s);
        NtlmSessionSecurity cs = c.security();
        NtlmSessionSecurity ss = s.security();
        byte[] first = ss.sign("m".getBytes());
        assertTrue(cs.verify("m".getBytes(), first));
        ss.resetAfterMechListMic();
        cs.resetAfterMechListMic();
        byte[] second = ss.sign("m".getBytes());
        assertEquals(1, second[12], "sequence numbers continue after the reset (Samba, pyspnego)");
        assertTrue(cs.verify("m".getBytes(), second));
        // RC4 restarted: the same sequence number after a fresh reset gives the same signature
        ss.resetAfterMechListMic();
        cs.resetAfterMechListMic();
        assertTrue(cs.verify("x".getBytes(), ss.sign("x".getBytes())));
    }
}
