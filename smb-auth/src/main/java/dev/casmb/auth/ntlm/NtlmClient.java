package dev.casmb.auth.ntlm;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Initiator side of NTLMSSP with NTLMv2 responses (MS-NLMP 3.1.5.1): NEGOTIATE, then AUTHENTICATE from
 * the server's CHALLENGE. One instance per authentication. Works from the NT hash, so it can run with a
 * password or with a hash taken from the server's user database (the in-process drill). Used by the CA
 * SMB client library (SMB sessions) and the witness client (DCE/RPC packet integrity).
 */
public final class NtlmClient {
    static final int FLAGS = NtlmFlags.UNICODE | NtlmFlags.REQUEST_TARGET | NtlmFlags.SIGN | NtlmFlags.NTLM
        | NtlmFlags.ALWAYS_SIGN | NtlmFlags.EXTENDED_SESSIONSECURITY | NtlmFlags.NEG_128 | NtlmFlags.KEY_EXCH
        | NtlmFlags.NEG_56;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String user;
    private final String domain;
    private final byte[] ntHash;
    private byte[] sessionKey;
    private int negotiatedFlags;

    public NtlmClient(String user, String domain, byte[] ntHash) {
        this.user = user;
        this.domain = domain == null ? "" : domain;
        this.ntHash = ntHash.clone();
    }

    public byte[] negotiate() {
        return new NegotiateMessage(FLAGS, "", "").encode();
    }

    public byte[] authenticate(byte[] challenge) throws NtlmException {
        ChallengeMessage ch = ChallengeMessage.decode(challenge);
        int flags = ch.flags() & FLAGS | NtlmFlags.UNICODE;
        negotiatedFlags = flags;
        List<AvPair> pairs = ch.targetInfoPairs();
        byte[] ts = AvPair.find(pairs, AvPair.MSV_AV_TIMESTAMP).map(AvPair::value).orElse(null);
        if (ts == null) {
            long ft = (System.currentTimeMillis() + 11_644_473_600_000L) * 10_000L;
            ts = new byte[8];
            for (int i = 0; i < 8; i++) ts[i] = (byte) (ft >>> (8 * i));
        }
        byte[] cc = new byte[8];
        RANDOM.nextBytes(cc);
        byte[] av = AvPair.encodeList(pairs);
        byte[] temp = NtlmCrypto.ntlmv2Temp(ts, cc, av);
        byte[] key = NtlmCrypto.ntowfv2(ntHash, user, domain);
        byte[] proof = NtlmCrypto.ntProofStr(key, ch.serverChallenge(), temp);
        byte[] nt = concat(proof, temp);
        byte[] lm = concat(NtlmCrypto.hmacMd5(key, ch.serverChallenge(), cc), cc);
        byte[] base = NtlmCrypto.sessionBaseKey(key, proof);
        byte[] enc = new byte[0];
        if (NtlmFlags.has(flags, NtlmFlags.KEY_EXCH)) {
            sessionKey = new byte[16];
            RANDOM.nextBytes(sessionKey);
            enc = NtlmCrypto.rc4(base, sessionKey);
        } else {
            sessionKey = base;
        }
        return new AuthenticateMessage(lm, nt, domain, user, "CASMB-CLIENT", enc, flags, null).encode(false);
    }

    /** The flags both sides agreed on (valid after {@link #authenticate}). */
    public int negotiatedFlags() { return negotiatedFlags; }

    /** Client-side signing and sealing for this session (MS-NLMP 3.4), e.g. for DCE/RPC packet integrity. */
    public NtlmSessionSecurity security() { return NtlmSessionSecurity.forClient(negotiatedFlags, sessionKey); }

    /** The exported session key (the SMB session key). */
    public byte[] sessionKey() { return sessionKey.clone(); }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
