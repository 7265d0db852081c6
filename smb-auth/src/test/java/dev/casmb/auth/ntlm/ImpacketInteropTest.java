package dev.casmb.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HexFormat;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.casmb.auth.users.UserDatabase;

/**
 * Replays real impacket (python3-impacket) NTLMv2 client messages captured once with
 * {@code src/test/resources/interop/impacket_capture.py} against a deterministic CHALLENGE_MESSAGE.
 */
class ImpacketInteropTest {

    static final NtlmServerConfig CFG = new NtlmServerConfig("CASMB", "NODE1", "casmb.test", "node1.casmb.test", false);
    static final byte[] CHALLENGE = HexFormat.of().parseHex("1122334455667788");
    /** 2024-01-01T00:00:00Z as FILETIME. */
    static final long FILETIME = 133485408000000000L;

    static Properties p;

    @BeforeAll
    static void load() throws Exception {
        p = new Properties();
        try (InputStream in = ImpacketInteropTest.class.getResourceAsStream("/interop/impacket-ntlmv2.properties")) {
            p.load(in);
        }
    }

    static byte[] hex(String key) {
        return HexFormat.of().parseHex(p.getProperty(key));
    }

    static NtlmServerContext server(UserDatabase db) throws NtlmException {
        NtlmServerContext s = new NtlmServerContext(db, CFG, CHALLENGE, FILETIME);
        byte[] challenge = s.acceptNegotiate(hex("negotiate"));
        assertArrayEquals(hex("challenge"), challenge, "deterministic CHALLENGE_MESSAGE changed; re-run capture");
        return s;
    }

    @Test
    void impacketAuthenticateAccepted() throws Exception {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser(p.getProperty("user"), p.getProperty("password"));
        NtlmServerContext s = server(db);
        NtlmAuthResult r = s.acceptAuthenticate(hex("authenticate"));
        assertEquals("Alice", r.user());
        assertEquals("CASMB", r.domain());
        assertArrayEquals(hex("exportedSessionKey"), r.sessionKey());
        assertTrue(NtlmFlags.has(r.negotiatedFlags(), NtlmFlags.KEY_EXCH));
        // impacket-sealed client-to-server message unseals with our server-role security
        byte[] sealed = TestNtlmClient.concat(hex("signature"), hex("sealed"));
        assertArrayEquals(hex("plaintext"), s.security().unseal(sealed));
    }

    @Test
    void impacketAuthenticateWrongPasswordRejected() throws Exception {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser(p.getProperty("user"), "not-the-password");
        NtlmException e = assertThrows(NtlmException.class, () -> server(db).acceptAuthenticate(hex("authenticate")));
        assertEquals(NtlmException.Reason.LOGON_FAILURE, e.reason());
    }
}
