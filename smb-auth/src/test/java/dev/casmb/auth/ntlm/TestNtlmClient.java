package dev.casmb.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.casmb.auth.users.UserDatabase;

/** Minimal NTLMv2 client (MS-NLMP 3.1.5) for tests only. */
public final class TestNtlmClient {

    public static final int DEFAULT_FLAGS = NtlmFlags.UNICODE | NtlmFlags.REQUEST_TARGET | NtlmFlags.SIGN
            | NtlmFlags.SEAL | NtlmFlags.NTLM | NtlmFlags.ALWAYS_SIGN | NtlmFlags.EXTENDED_SESSIONSECURITY
            | NtlmFlags.VERSION | NtlmFlags.NEG_128 | NtlmFlags.KEY_EXCH | NtlmFlags.NEG_56;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private final String domain;
    private final int requestFlags;
    private final boolean withMic;
    private byte[] negotiate;
    private byte[] exportedKey;
    private int flags;
    /** Test hooks to corrupt the message. */
    public boolean corruptMic;

    public TestNtlmClient(String user, String password, String domain, int flags, boolean withMic) {
        this.user = user;
        this.password = password;
        this.domain = domain;
        this.requestFlags = flags;
        this.withMic = withMic;
    }

    public byte[] negotiate() {
        negotiate = new NegotiateMessage(requestFlags, "", "").encode();
        return negotiate.clone();
    }

    public byte[] authenticate(byte[] challengeBytes) throws NtlmException {
        ChallengeMessage ch = ChallengeMessage.decode(challengeBytes);
        flags = ch.flags() & requestFlags | NtlmFlags.UNICODE;
        List<AvPair> pairs = new ArrayList<>(ch.targetInfoPairs());
        byte[] ts = AvPair.find(pairs, AvPair.MSV_AV_TIMESTAMP).map(AvPair::value).orElse(new byte[8]);
        if (withMic) {
            pairs.add(new AvPair(AvPair.MSV_AV_FLAGS, NtlmWire.le32(AvPair.AV_FLAG_MIC_PRESENT)));
        }
        byte[] clientChallenge = new byte[8];
        RANDOM.nextBytes(clientChallenge);
        byte[] avBytes = AvPair.encodeList(pairs);
        byte[] temp = NtlmCrypto.ntlmv2Temp(ts, clientChallenge, avBytes);

        byte[] key = NtlmCrypto.ntowfv2(UserDatabase.ntHashOf(password), user, domain);
        byte[] proof = NtlmCrypto.ntProofStr(key, ch.serverChallenge(), temp);
        byte[] nt = concat(proof, temp);
        byte[] lm = concat(NtlmCrypto.hmacMd5(key, ch.serverChallenge(), clientChallenge), clientChallenge);
        if (withMic) {
            lm = new byte[24]; // MS-NLMP 3.1.5.1.2: LMv2 zeroed when a timestamp is present
        }
        byte[] base = NtlmCrypto.sessionBaseKey(key, proof);
        byte[] enc = new byte[0];
        if (NtlmFlags.has(flags, NtlmFlags.KEY_EXCH)) {
            exportedKey = new byte[16];
            RANDOM.nextBytes(exportedKey);
            enc = NtlmCrypto.rc4(base, exportedKey);
        } else {
            exportedKey = base;
        }
        AuthenticateMessage am = new AuthenticateMessage(lm, nt, domain, user, "WORKSTATION", enc, flags, null);
        byte[] msg = am.encode(withMic);
        if (withMic) {
            byte[] mic = NtlmCrypto.hmacMd5(exportedKey, negotiate, challengeBytes, msg);
            if (corruptMic) {
                mic[0] ^= 1;
            }
            System.arraycopy(mic, 0, msg, AuthenticateMessage.MIC_OFFSET, 16);
        }
        return msg;
    }

    public byte[] exportedKey() {
        return exportedKey.clone();
    }

    public int flags() {
        return flags;
    }

    public NtlmSessionSecurity security() {
        return NtlmSessionSecurity.forClient(flags, exportedKey);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }
}
