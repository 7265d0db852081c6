package dev.casmb.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.casmb.auth.users.UserDatabase;

/** MS-NLMP 4.2.4 (NTLMv2 authentication) and 4.2.4.4 (GSS_WrapEx) test vectors. */
class NtlmSpecVectorsTest {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static final byte[] SERVER_CHALLENGE = hex("0123456789abcdef");
    static final byte[] RANDOM_SESSION_KEY = hex("55555555555555555555555555555555");
    /** NegotiateFlags of the 4.2.4 example (0xe28a8233). */
    static final int FLAGS = 0xe28a8233;
    /** temp from 4.2.4.1.3: header, Time=0, ClientChallenge=aa.., AV pairs (Domain, Server), padding. */
    static final byte[] TEMP = hex("0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000"
            + "02000c0044006f006d00610069006e00 01000c005300650072007600650072000000 0000 00000000");

    @Test
    void ntHashAndNtowfv2() {
        byte[] nt = UserDatabase.ntHashOf("Password");
        assertArrayEquals(hex("a4f49c406510bdcab6824ee7c30fd852"), nt);
        assertArrayEquals(hex("0c868a403bfd7a93a3001ef22ef02e3f"), NtlmCrypto.ntowfv2(nt, "User", "Domain"));
    }

    @Test
    void proofSessionBaseKeyAndEncryptedKey() {
        byte[] key = NtlmCrypto.ntowfv2(UserDatabase.ntHashOf("Password"), "User", "Domain");
        byte[] proof = NtlmCrypto.ntProofStr(key, SERVER_CHALLENGE, TEMP);
        assertArrayEquals(hex("68cd0ab851e51c96aabc927bebef6a1c"), proof);
        byte[] base = NtlmCrypto.sessionBaseKey(key, proof);
        assertArrayEquals(hex("8de40ccadbc14a82f15cb0ad0de95ca3"), base);
        assertArrayEquals(hex("c5dad2544fc9799094ce1ce90bc9d03e"), NtlmCrypto.rc4(base, RANDOM_SESSION_KEY));
        // LMv2 response 4.2.4.2.1
        assertArrayEquals(hex("86c35097ac9cec102554764a57cccc19"),
                NtlmCrypto.hmacMd5(key, SERVER_CHALLENGE, hex("aaaaaaaaaaaaaaaa")));
    }

    @Test
    void serverAcceptsSpecAuthenticateAndRecoversRandomSessionKey() throws Exception {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("User", "Password");
        NtlmServerConfig cfg = new NtlmServerConfig("Domain", "Server", "", "", false);
        NtlmServerContext srv = new NtlmServerContext(db, cfg, SERVER_CHALLENGE, 0);
        srv.acceptNegotiate(new NegotiateMessage(FLAGS, "", "").encode());
        byte[] nt = TestNtlmClient.concat(hex("68cd0ab851e51c96aabc927bebef6a1c"), TEMP);
        byte[] lm = hex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
        byte[] auth = new AuthenticateMessage(lm, nt, "Domain", "User", "COMPUTER",
                hex("c5dad2544fc9799094ce1ce90bc9d03e"), FLAGS, null).encode(false);
        NtlmAuthResult r = srv.acceptAuthenticate(auth);
        assertEquals("User", r.user());
        assertEquals("Domain", r.domain());
        assertFalse(r.anonymous());
        assertArrayEquals(RANDOM_SESSION_KEY, r.sessionKey());
        assertTrue(NtlmFlags.has(r.negotiatedFlags(), NtlmFlags.KEY_EXCH));
    }

    @Test
    void keyDerivation4244() {
        assertArrayEquals(hex("59f600973cc4960a25480a7c196e4c58"), NtlmCrypto.sealKey(FLAGS, RANDOM_SESSION_KEY, true));
        assertArrayEquals(hex("4788dc861b4782f35d43fd98fe1a2d39"), NtlmCrypto.signKey(RANDOM_SESSION_KEY, true));
    }

    @Test
    void gssWrapEx4244() throws Exception {
        byte[] plaintext = TestNtlmClient.utf16("Plaintext");
        NtlmSessionSecurity client = NtlmSessionSecurity.forClient(FLAGS, RANDOM_SESSION_KEY);
        byte[] sealed = client.seal(plaintext);
        assertArrayEquals(hex("010000007fb38ec5c55d497600000000"), java.util.Arrays.copyOf(sealed, 16));
        assertArrayEquals(hex("54e50165bf1936dc996020c1811b0f06fb5f"),
                java.util.Arrays.copyOfRange(sealed, 16, sealed.length));
        // The server side (receiving client-to-server traffic) unseals it.
        NtlmSessionSecurity server = NtlmSessionSecurity.forServer(FLAGS, RANDOM_SESSION_KEY);
        assertArrayEquals(plaintext, server.unseal(sealed));
    }

    /**
     * Third-party golden data (Chromium net/ntlm/ntlm_test_data.h, built from the MS-NLMP 4.2 inputs): an
     * AUTHENTICATE with MsvAvFlags MIC, channel bindings and a client timestamp, against the 4.2.4.3 challenge.
     */
    @Test
    void acceptsIndependentAuthenticateWithMic() throws Exception {
        byte[] negotiate = hex("4e544c4d53535000 01000000 07820800 0000000020000000 0000000020000000");
        byte[] challenge = hex("4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
                + "00000000000000002400240044000000060070170000000f53006500720076006500720002000c00"
                + "44006f006d00610069006e0001000c0053006500720076006500720000000000");
        byte[] auth = hex("4e544c4d53535000 03000000 1800180058000000 8a008a0070000000 0c000c00fa000000"
                + "0800080006010000 100010000e010000 0000000058000000 03820800 0000000000000000"
                + "f7361633f0ad9bdf4a7c421bc6b824a3 000000000000000000000000000000000000000000000000"
                + "8c0260dbef690662af9c42d50782d2ed 0101000000000000 800bc8fd00d4d201 aaaaaaaaaaaaaaaa 00000000"
                + "02000c00 44006f006d00610069006e00 01000c00 530065007200760065007200 06000400 02000000"
                + "0a001000 6586e99d81c2fc984e47172fd4dd0310"
                + "09001600 48005400540050002f00530065007200760065007200 00000000 00000000"
                + "44006f006d00610069006e00 5500730065007200 43004f004d0050005500540045005200");
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("User", "Password");
        NtlmServerConfig cfg = new NtlmServerConfig("Domain", "Server", "", "", false);
        NtlmAuthResult r = NtlmServerContext.resume(db, cfg, negotiate, challenge).acceptAuthenticate(auth);
        assertArrayEquals(hex("623dbd071be7a530b6a95c2eb4982470"), r.sessionKey());

        // Flip one MIC bit: must be rejected.
        byte[] bad = auth.clone();
        bad[72] ^= 1;
        NtlmException e = org.junit.jupiter.api.Assertions.assertThrows(NtlmException.class,
                () -> NtlmServerContext.resume(db, cfg, negotiate, challenge).acceptAuthenticate(bad));
        assertEquals(NtlmException.Reason.LOGON_FAILURE, e.reason());
    }
}
