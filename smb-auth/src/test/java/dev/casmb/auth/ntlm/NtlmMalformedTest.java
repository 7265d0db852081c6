package dev.casmb.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.casmb.auth.ntlm.NtlmException.Reason;
import dev.casmb.auth.users.UserDatabase;

/** Malformed input must always yield NtlmException, never an unchecked exception. */
class NtlmMalformedTest {

    static final NtlmServerConfig CFG = new NtlmServerConfig("CASMB", "NODE1", "", "", true);

    static UserDatabase db() {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("alice", "pw");
        return db;
    }

    /** A pair (negotiate-accepted server, valid AUTHENTICATE) to corrupt. */
    static Object[] validExchange() throws NtlmException {
        TestNtlmClient c = new TestNtlmClient("alice", "pw", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true);
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        byte[] auth = c.authenticate(s.acceptNegotiate(c.negotiate()));
        return new Object[] {s, auth};
    }

    static NtlmServerContext freshServer() throws NtlmException {
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        s.acceptNegotiate(new TestNtlmClient("a", "b", "c", TestNtlmClient.DEFAULT_FLAGS, true).negotiate());
        return s;
    }

    static void expectChecked(byte[] auth) {
        try {
            freshServer().acceptAuthenticate(auth);
        } catch (NtlmException expected) {
            return;
        } catch (RuntimeException e) {
            fail("unchecked exception escaped for input " + java.util.HexFormat.of().formatHex(auth), e);
        }
        fail("accepted corrupt message");
    }

    @Test
    void negotiateGarbage() {
        NtlmServerContext s = new NtlmServerContext(db(), CFG);
        assertEquals(Reason.MALFORMED, assertThrows(NtlmException.class, () -> s.acceptNegotiate(new byte[3])).reason());
        assertThrows(NtlmException.class, () -> new NtlmServerContext(db(), CFG).acceptNegotiate(null));
        assertThrows(NtlmException.class, () -> new NtlmServerContext(db(), CFG).acceptNegotiate(new byte[70000]));
        byte[] wrongType = new NegotiateMessage(TestNtlmClient.DEFAULT_FLAGS, "", "").encode();
        wrongType[8] = 3;
        assertThrows(NtlmException.class, () -> new NtlmServerContext(db(), CFG).acceptNegotiate(wrongType));
        // OEM domain supplied with offset past the end
        byte[] neg = new NegotiateMessage(TestNtlmClient.DEFAULT_FLAGS | NtlmFlags.OEM_DOMAIN_SUPPLIED, "DOM", "").encode();
        NtlmWire.putU32(neg, 20, 0x7fffffff);
        assertThrows(NtlmException.class, () -> new NtlmServerContext(db(), CFG).acceptNegotiate(neg));
    }

    @Test
    void truncatedAuthenticate() throws Exception {
        byte[] auth = (byte[]) validExchange()[1];
        for (int len = 0; len < auth.length; len++) {
            expectChecked(Arrays.copyOf(auth, len));
        }
    }

    @Test
    void offsetsAndLengthsPastEnd() throws Exception {
        byte[] auth = (byte[]) validExchange()[1];
        for (int desc = 12; desc <= 52; desc += 8) {
            byte[] a = auth.clone();
            NtlmWire.putU32(a, desc + 4, auth.length); // offset == end with nonzero length
            if (NtlmWire.u16(a, desc) != 0) {
                expectChecked(a);
            }
            byte[] b = auth.clone();
            NtlmWire.putU16(b, desc, 0xffff); // huge length
            expectChecked(b);
            byte[] c = auth.clone();
            NtlmWire.putU32(c, desc + 4, 0xfffffff0); // negative as int
            if (NtlmWire.u16(c, desc) != 0) {
                expectChecked(c);
            }
        }
    }

    @Test
    void corruptAvPairsInResponse() throws Exception {
        byte[] auth = (byte[]) validExchange()[1];
        int ntOff = NtlmWire.u32(auth, 24);
        int ntLen = NtlmWire.u16(auth, 20);
        // Make the first AV pair length huge (inside NTLMv2 blob at 16 + 28).
        byte[] a = auth.clone();
        NtlmWire.putU16(a, ntOff + 16 + 28 + 2, 0xfff0);
        expectChecked(a);
        // Truncate the NT response so the AV list loses its EOL.
        byte[] b = auth.clone();
        NtlmWire.putU16(b, 20, 16 + 28 + 2);
        expectChecked(b);
        // Too short NTLMv2 response.
        byte[] c = auth.clone();
        NtlmWire.putU16(c, 20, 30);
        expectChecked(c);
        assertEquals(true, ntLen > 44);
    }

    @Test
    void randomCorruptionNeverEscapesUnchecked() throws Exception {
        byte[] auth = (byte[]) validExchange()[1];
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] a = auth.clone();
            int n = 1 + rnd.nextInt(4);
            for (int k = 0; k < n; k++) {
                a[8 + rnd.nextInt(a.length - 8)] = (byte) rnd.nextInt(256);
            }
            try {
                freshServer().acceptAuthenticate(a);
            } catch (NtlmException ok) {
                // expected (or rarely accepted if only an unimportant byte changed)
            } catch (RuntimeException e) {
                fail("unchecked exception on iteration " + i, e);
            }
        }
    }

    @Test
    void challengeAndAvPairDecodersAreBounded() {
        assertThrows(NtlmException.class, () -> ChallengeMessage.decode(new byte[10]));
        assertThrows(NtlmException.class, () -> AvPair.decodeList(new byte[] {1, 0, 5, 0, 1}, 0, 5));
        assertThrows(NtlmException.class, () -> AvPair.decodeList(new byte[] {1, 0}, 0, 2));
        assertThrows(NtlmException.class, () -> AvPair.decodeList(new byte[4], 2, 4));
    }
}
