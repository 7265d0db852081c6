package dev.casmb.auth.ntlm;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.casmb.auth.ntlm.NtlmException.Reason;
import dev.casmb.auth.users.UserDatabase;

/**
 * Server side of one NTLMv2 authentication attempt (MS-NLMP 3.2.5): NEGOTIATE -> CHALLENGE,
 * AUTHENTICATE -> result. Only NTLMv2 responses are accepted; NTLMv1/LM are refused.
 * Not reusable: create one per attempt. Methods are synchronized.
 */
public final class NtlmServerContext {

    private enum State { INITIAL, CHALLENGE_SENT, DONE, FAILED }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 100 ns intervals between 1601-01-01 and 1970-01-01 (FILETIME epoch). */
    private static final long FILETIME_EPOCH_OFFSET = 116444736000000000L;
    /** Minimum NTLMv2 response: NTProofStr(16) + fixed part of NTLMv2_CLIENT_CHALLENGE(28). */
    private static final int MIN_NTLMV2_RESPONSE = 16 + 28;

    private final UserDatabase db;
    private final NtlmServerConfig cfg;
    private final byte[] fixedChallenge;
    private final long fixedFileTime;

    private State state = State.INITIAL;
    private byte[] negotiateBytes;
    private byte[] challengeBytes;
    private byte[] serverChallenge;
    private int challengeFlags;
    private NtlmAuthResult result;
    private NtlmSessionSecurity security;
    private boolean clientSentMic;

    public NtlmServerContext(UserDatabase db, NtlmServerConfig cfg) {
        this(db, cfg, null, -1);
    }

    /** Test hook: deterministic server challenge and timestamp (FILETIME; -1 = now). */
    NtlmServerContext(UserDatabase db, NtlmServerConfig cfg, byte[] fixedChallenge, long fixedFileTime) {
        this.db = db;
        this.cfg = cfg;
        this.fixedChallenge = fixedChallenge == null ? null : fixedChallenge.clone();
        this.fixedFileTime = fixedFileTime;
    }

    /** Test hook: resume from recorded NEGOTIATE + CHALLENGE bytes (e.g. third-party golden data). */
    static NtlmServerContext resume(UserDatabase db, NtlmServerConfig cfg, byte[] negotiate, byte[] challenge)
            throws NtlmException {
        NtlmServerContext c = new NtlmServerContext(db, cfg);
        ChallengeMessage ch = ChallengeMessage.decode(challenge);
        c.negotiateBytes = negotiate.clone();
        c.challengeBytes = challenge.clone();
        c.serverChallenge = ch.serverChallenge();
        c.challengeFlags = ch.flags();
        c.state = State.CHALLENGE_SENT;
        return c;
    }

    /** Processes the client's NEGOTIATE_MESSAGE and returns our CHALLENGE_MESSAGE (MS-NLMP 3.2.5.1.1). */
    public synchronized byte[] acceptNegotiate(byte[] negotiateMessage) throws NtlmException {
        if (state != State.INITIAL) {
            throw new NtlmException(Reason.PROTOCOL_STATE, "NEGOTIATE already processed");
        }
        NegotiateMessage neg;
        try {
            neg = NegotiateMessage.decode(negotiateMessage);
        } catch (NtlmException e) {
            state = State.FAILED;
            throw e;
        }
        int c = neg.flags();
        // Always: Unicode, NTLM, target info, extended session security (required for NTLMv2 session
        // security; wins over LM_KEY per 2.2.2.5), always-sign. Echo the security options requested.
        int flags = NtlmFlags.UNICODE | NtlmFlags.REQUEST_TARGET | NtlmFlags.NTLM | NtlmFlags.ALWAYS_SIGN
                | NtlmFlags.TARGET_TYPE_SERVER | NtlmFlags.EXTENDED_SESSIONSECURITY | NtlmFlags.TARGET_INFO;
        flags |= c & (NtlmFlags.SIGN | NtlmFlags.SEAL | NtlmFlags.KEY_EXCH | NtlmFlags.NEG_128
                | NtlmFlags.NEG_56 | NtlmFlags.VERSION);

        serverChallenge = fixedChallenge != null ? fixedChallenge.clone() : randomChallenge();
        long fileTime = fixedFileTime >= 0 ? fixedFileTime
                : System.currentTimeMillis() * 10_000L + FILETIME_EPOCH_OFFSET;
        List<AvPair> ti = new ArrayList<>();
        ti.add(AvPair.ofString(AvPair.MSV_AV_NB_DOMAIN_NAME, cfg.netbiosDomain()));
        ti.add(AvPair.ofString(AvPair.MSV_AV_NB_COMPUTER_NAME, cfg.netbiosComputer()));
        if (!cfg.dnsDomain().isEmpty()) {
            ti.add(AvPair.ofString(AvPair.MSV_AV_DNS_DOMAIN_NAME, cfg.dnsDomain()));
        }
        if (!cfg.dnsComputer().isEmpty()) {
            ti.add(AvPair.ofString(AvPair.MSV_AV_DNS_COMPUTER_NAME, cfg.dnsComputer()));
        }
        // A timestamp makes clients send a MIC (MS-NLMP 3.1.5.1.2).
        ti.add(AvPair.ofTimestamp(fileTime));

        ChallengeMessage ch = new ChallengeMessage(flags, cfg.netbiosComputer(), serverChallenge,
                AvPair.encodeList(ti));
        negotiateBytes = negotiateMessage.clone();
        challengeBytes = ch.encode();
        challengeFlags = flags;
        state = State.CHALLENGE_SENT;
        return challengeBytes.clone();
    }

    private static byte[] randomChallenge() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * Verifies the AUTHENTICATE_MESSAGE (MS-NLMP 3.2.5.1.2, 3.3.2).
     *
     * @throws NtlmException with LOGON_FAILURE, MALFORMED, NTLMV1_REFUSED or ANONYMOUS_REFUSED
     */
    public synchronized NtlmAuthResult acceptAuthenticate(byte[] authenticateMessage) throws NtlmException {
        if (state != State.CHALLENGE_SENT) {
            throw new NtlmException(Reason.PROTOCOL_STATE, "AUTHENTICATE without a pending CHALLENGE");
        }
        state = State.FAILED; // until proven otherwise
        AuthenticateMessage auth = AuthenticateMessage.decode(authenticateMessage);
        int negotiated = auth.flags() & challengeFlags;
        byte[] nt = auth.ntResponse();
        byte[] lm = auth.lmResponse();

        if (isAnonymous(auth)) {
            if (!cfg.allowAnonymous()) {
                throw new NtlmException(Reason.ANONYMOUS_REFUSED, "anonymous logon not allowed");
            }
            // Anonymous: SessionBaseKey = Z(16) (3.3.2); KEY_EXCH still applies.
            byte[] exported = exportedKey(negotiated, new byte[16], auth);
            result = new NtlmAuthResult("", auth.domain(), true, exported, negotiated);
            state = State.DONE;
            return result;
        }
        if (nt.length == 24 || (nt.length == 0 && lm.length == 24)) {
            throw new NtlmException(Reason.NTLMV1_REFUSED, "NTLMv1/LM response refused; NTLMv2 required");
        }
        if (nt.length < MIN_NTLMV2_RESPONSE) {
            throw NtlmException.malformed("NTLMv2 response too short: " + nt.length);
        }
        byte[] proof = Arrays.copyOf(nt, 16);
        byte[] temp = Arrays.copyOfRange(nt, 16, nt.length);
        if (temp[0] != 1 || temp[1] != 1) { // RespType, HiRespType (2.2.2.7)
            throw NtlmException.malformed("bad NTLMv2_CLIENT_CHALLENGE RespType");
        }
        List<AvPair> clientPairs = AvPair.decodeList(temp, 28, temp.length - 28);

        Optional<byte[]> hash = db.ntHash(auth.user());
        byte[] ntHash = hash.orElseGet(() -> new byte[16]); // dummy keeps timing similar
        byte[] responseKey = null;
        // Try the domain the client used, then the empty domain (clients differ; local accounts only).
        Set<String> domains = new LinkedHashSet<>(List.of(auth.domain(), ""));
        for (String dom : domains) {
            byte[] key = NtlmCrypto.ntowfv2(ntHash, auth.user(), dom);
            byte[] expected = NtlmCrypto.ntProofStr(key, serverChallenge, temp);
            if (NtlmCrypto.equal(expected, proof) && hash.isPresent()) {
                responseKey = key;
                break;
            }
        }
        if (responseKey == null) {
            throw new NtlmException(Reason.LOGON_FAILURE,
                    hash.isPresent() ? "wrong password for " + auth.user() : "unknown user " + auth.user());
        }
        byte[] sessionBaseKey = NtlmCrypto.sessionBaseKey(responseKey, proof);
        byte[] exported = exportedKey(negotiated, sessionBaseKey, auth);

        int avFlags = AvPair.find(clientPairs, AvPair.MSV_AV_FLAGS)
                .filter(p -> p.value().length == 4)
                .map(p -> { byte[] v = p.value(); return (v[0] & 0xff) | (v[1] & 0xff) << 8
                        | (v[2] & 0xff) << 16 | (v[3] & 0xff) << 24; })
                .orElse(0);
        if ((avFlags & AvPair.AV_FLAG_MIC_PRESENT) != 0) {
            verifyMic(authenticateMessage, auth, exported);
            clientSentMic = true;
        }

        String user = db.canonicalName(auth.user()).orElse(auth.user());
        result = new NtlmAuthResult(user, auth.domain(), false, exported, negotiated);
        if (NtlmFlags.has(negotiated, NtlmFlags.EXTENDED_SESSIONSECURITY)) {
            security = NtlmSessionSecurity.forServer(negotiated, exported);
        }
        state = State.DONE;
        return result;
    }

    private static boolean isAnonymous(AuthenticateMessage auth) {
        byte[] lm = auth.lmResponse();
        return auth.user().isEmpty() && auth.ntResponse().length == 0
                && (lm.length == 0 || (lm.length == 1 && lm[0] == 0));
    }

    /** KeyExchangeKey == SessionBaseKey for NTLMv2; KEY_EXCH: ExportedSessionKey = RC4K(KXKEY, EncRandomKey). */
    private static byte[] exportedKey(int negotiated, byte[] keyExchangeKey, AuthenticateMessage auth)
            throws NtlmException {
        if (!NtlmFlags.has(negotiated, NtlmFlags.KEY_EXCH)) {
            return keyExchangeKey;
        }
        byte[] enc = auth.encryptedRandomSessionKey();
        if (enc.length != 16) {
            throw NtlmException.malformed("KEY_EXCH negotiated but EncryptedRandomSessionKey length " + enc.length);
        }
        return NtlmCrypto.rc4(keyExchangeKey, enc);
    }

    /** MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with zero MIC) (3.1.5.1.2). */
    private void verifyMic(byte[] raw, AuthenticateMessage auth, byte[] exported) throws NtlmException {
        if (auth.mic() == null) {
            throw NtlmException.malformed("MsvAvFlags announces a MIC but the message has no MIC field");
        }
        byte[] zeroed = raw.clone();
        Arrays.fill(zeroed, AuthenticateMessage.MIC_OFFSET, AuthenticateMessage.MIC_END, (byte) 0);
        byte[] expected = NtlmCrypto.hmacMd5(exported, negotiateBytes, challengeBytes, zeroed);
        if (!NtlmCrypto.equal(expected, auth.mic())) {
            throw new NtlmException(Reason.LOGON_FAILURE, "MIC mismatch");
        }
    }

    /** The result of a successful authentication, if any. */
    public synchronized Optional<NtlmAuthResult> result() {
        return Optional.ofNullable(result);
    }

    /** Flags we offered in the CHALLENGE_MESSAGE (0 before acceptNegotiate). */
    public synchronized int challengeFlags() {
        return challengeFlags;
    }

    /**
     * Session security (sign/seal) for the authenticated session.
     *
     * @throws IllegalStateException before success, for anonymous logons, or without extended session security
     */
    public synchronized NtlmSessionSecurity security() {
        if (security == null) {
            throw new IllegalStateException("no NTLM session security (not authenticated, anonymous, or no ESS)");
        }
        return security;
    }

    /** True if the AUTHENTICATE_MESSAGE carried a (verified) MIC, i.e. a modern, "new SPNEGO" client. */
    public synchronized boolean clientSentMic() {
        return clientSentMic;
    }

    public synchronized boolean hasSecurity() {
        return security != null;
    }
}
