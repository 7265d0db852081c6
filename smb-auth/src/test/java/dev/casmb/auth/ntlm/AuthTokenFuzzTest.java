package dev.casmb.auth.ntlm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.casmb.auth.spnego.SpnegoException;
import dev.casmb.auth.spnego.SpnegoServer;
import dev.casmb.auth.spnego.SpnegoStep;
import dev.casmb.auth.spnego.SpnegoTokens;
import dev.casmb.auth.users.UserDatabase;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of the NTLMSSP and SPNEGO token parsers. A malformed token must end in
 * the parser's own exception (NtlmException, SpnegoException) or a FAILED step, never anything else.
 * Without JAZZER_FUZZ=1 each target runs only its seed corpus (src/test/resources/.../AuthTokenFuzzTestInputs);
 * run-fuzz.sh fuzzes each for a fixed time.
 */
class AuthTokenFuzzTest {
    private static final NtlmServerConfig CFG = new NtlmServerConfig("CASMB", "NODE1", "", "", false);
    private static final UserDatabase DB = UserDatabase.inMemory();
    static {
        DB.addUser("alice", "pw");
    }

    @FuzzTest(maxDuration = "10s")
    void ntlmMessages(byte[] data) {
        try {
            NegotiateMessage.decode(data);
        } catch (NtlmException expected) {
            // malformed
        }
        try {
            ChallengeMessage.decode(data);
        } catch (NtlmException expected) {
            // malformed
        }
        try {
            AuthenticateMessage.decode(data);
        } catch (NtlmException expected) {
            // malformed
        }
        try {
            AvPair.decodeList(data, 0, data.length);
        } catch (NtlmException expected) {
            // malformed
        }
    }

    /** The server side of an exchange: a real NEGOTIATE, then the fuzzed AUTHENTICATE. */
    @FuzzTest(maxDuration = "10s")
    void ntlmServerAuthenticate(byte[] data) throws NtlmException {
        NtlmServerContext s = new NtlmServerContext(DB, CFG);
        s.acceptNegotiate(new TestNtlmClient("alice", "pw", "CASMB", TestNtlmClient.DEFAULT_FLAGS, true).negotiate());
        try {
            s.acceptAuthenticate(data);
        } catch (NtlmException expected) {
            // refused
        }
    }

    /** SPNEGO server: two fuzzed tokens in a row (init, then response). accept() never throws. */
    @FuzzTest(maxDuration = "10s")
    void spnego(byte[] data) {
        int cut = data.length == 0 ? 0 : (data[0] & 0xFF) * data.length / 256;
        byte[] first = Arrays.copyOfRange(data, Math.min(1, data.length), Math.max(Math.min(1, data.length), cut));
        byte[] second = Arrays.copyOfRange(data, Math.max(Math.min(1, data.length), cut), data.length);
        SpnegoServer server = new SpnegoServer(DB, CFG);
        SpnegoStep a = server.accept(first);
        if (a == null) throw new IllegalStateException("null step");
        server.accept(second);
        try {
            SpnegoTokens.decodeInit(data);
        } catch (SpnegoException expected) {
            // malformed
        }
        try {
            SpnegoTokens.decodeResp(data);
        } catch (SpnegoException expected) {
            // malformed
        }
    }
}
