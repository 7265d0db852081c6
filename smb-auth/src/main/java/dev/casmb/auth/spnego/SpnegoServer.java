package dev.casmb.auth.spnego;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.casmb.auth.ntlm.NtlmAuthResult;
import dev.casmb.auth.ntlm.NtlmException;
import dev.casmb.auth.ntlm.NtlmFlags;
import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.ntlm.NtlmServerContext;
import dev.casmb.auth.ntlm.NtlmSessionSecurity;
import dev.casmb.auth.users.UserDatabase;

/**
 * Acceptor side of SPNEGO (RFC 4178, MS-SPNG) with NTLMSSP as the only mechanism; one instance per
 * authentication attempt. Also accepts raw NTLMSSP tokens (no SPNEGO framing) and answers in kind.
 *
 * <p>Flow: NegTokenInit(mechTypes, NTLM NEGOTIATE) -> NegTokenResp(accept-incomplete, NTLMSSP, CHALLENGE);
 * NegTokenResp(AUTHENTICATE, mechListMIC?) -> NegTokenResp(accept-completed, mechListMIC?) or reject.
 * If the client's preferred mechanism is not NTLMSSP (e.g. Kerberos with an optimistic token), we
 * answer accept-incomplete + supportedMech NTLMSSP without a token, expect the NTLM NEGOTIATE in the
 * next NegTokenResp, and require the mechListMIC exchange (RFC 4178 5, downgrade protection).
 *
 * <p>mechListMIC (RFC 4178 5, MS-SPNG 3.1.5.1): NTLM GSS_GetMIC over the DER MechTypeList the client
 * sent. We verify the client's (it consumes the receive sequence number 0) and send ours (send
 * sequence 0) when the client sent one, when the NTLM AUTHENTICATE carried a MIC (client is "new
 * SPNEGO" aware), or when NTLM was not the client's first choice. Afterwards the NTLM RC4 handles
 * and sequence numbers are reset ({@link NtlmSessionSecurity#resetAfterMechListMic()}), so any later
 * sign/seal (e.g. DCE/RPC) starts from sequence number 0.
 */
public final class SpnegoServer {

    private enum Phase { INITIAL, AWAIT_NEGOTIATE, AWAIT_AUTHENTICATE, DONE, FAILED }

    private static final byte[] NTLMSSP_SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private final NtlmServerContext ntlm;
    private Phase phase = Phase.INITIAL;
    private boolean raw;
    private byte[] mechTypesDer;
    private boolean micRequired;
    private NtlmException failureCause;

    public SpnegoServer(UserDatabase db, NtlmServerConfig cfg) {
        this(new NtlmServerContext(db, cfg));
    }

    /** Wraps a given NTLM context (tests may inject one with a fixed challenge). */
    public SpnegoServer(NtlmServerContext ntlm) {
        this.ntlm = ntlm;
    }

    /** The security blob for the SMB2 NEGOTIATE response (MS-SPNG 3.2.5.2 NegTokenInit2). */
    public static byte[] negTokenInit2() {
        return SpnegoTokens.encodeInit2(List.of(SpnegoTokens.OID_NTLMSSP));
    }

    public NtlmServerContext ntlmContext() {
        return ntlm;
    }

    /** NTLM sign/seal state after DONE (already reset after the mechListMIC exchange). */
    public NtlmSessionSecurity security() {
        return ntlm.security();
    }

    /** The NTLM failure behind a FAILED step, if it was an NTLM failure (reason code for the SMB layer). */
    public synchronized Optional<NtlmException> failureCause() {
        return Optional.ofNullable(failureCause);
    }

    /** Processes one client token. Never throws: malformed input yields a FAILED step. */
    public synchronized SpnegoStep accept(byte[] token) {
        if (phase == Phase.DONE || phase == Phase.FAILED) {
            return SpnegoStep.failed(null, "authentication already " + phase.name().toLowerCase());
        }
        try {
            SpnegoTokens.checkSize(token);
            if (isRawNtlm(token) && (phase == Phase.INITIAL || raw)) {
                raw = true;
                return acceptRaw(token);
            }
            if (raw) {
                throw new SpnegoException("SPNEGO token after raw NTLMSSP");
            }
            if (phase == Phase.INITIAL) {
                return acceptInit(SpnegoTokens.decodeInit(token));
            }
            return acceptResp(SpnegoTokens.decodeResp(token));
        } catch (NtlmException e) {
            failureCause = e;
            return fail(e.getMessage());
        } catch (SpnegoException e) {
            return fail(e.getMessage());
        } catch (RuntimeException e) { // defensive: nothing from a peer may crash the caller
            return fail("internal error: " + e);
        }
    }

    private SpnegoStep fail(String reason) {
        phase = Phase.FAILED;
        byte[] token = raw ? null : SpnegoTokens.encodeResp(SpnegoTokens.REJECT, null, null, null);
        return SpnegoStep.failed(token, reason);
    }

    private static boolean isRawNtlm(byte[] t) {
        return t.length >= 8 && Arrays.equals(t, 0, 8, NTLMSSP_SIGNATURE, 0, 8);
    }

    private SpnegoStep acceptRaw(byte[] token) throws NtlmException {
        if (phase == Phase.INITIAL) {
            byte[] challenge = ntlm.acceptNegotiate(token);
            phase = Phase.AWAIT_AUTHENTICATE;
            return SpnegoStep.cont(challenge);
        }
        NtlmAuthResult r = ntlm.acceptAuthenticate(token);
        phase = Phase.DONE;
        return SpnegoStep.done(null, r);
    }

    private SpnegoStep acceptInit(SpnegoTokens.NegTokenInit init) throws NtlmException, SpnegoException {
        boolean offered = init.mechTypes().stream().anyMatch(m -> Arrays.equals(m, SpnegoTokens.OID_NTLMSSP));
        if (!offered) {
            throw new SpnegoException("client does not offer NTLMSSP");
        }
        mechTypesDer = init.mechTypesDer();
        boolean ntlmFirst = Arrays.equals(init.mechTypes().get(0), SpnegoTokens.OID_NTLMSSP);
        if (ntlmFirst && init.mechToken() != null) {
            byte[] challenge = ntlm.acceptNegotiate(init.mechToken());
            phase = Phase.AWAIT_AUTHENTICATE;
            return SpnegoStep.cont(SpnegoTokens.encodeResp(SpnegoTokens.ACCEPT_INCOMPLETE,
                    SpnegoTokens.OID_NTLMSSP, challenge, null));
        }
        // Optimistic token for another mechanism (or none): select NTLMSSP, ask for its first token.
        micRequired = !ntlmFirst;
        phase = Phase.AWAIT_NEGOTIATE;
        return SpnegoStep.cont(SpnegoTokens.encodeResp(SpnegoTokens.ACCEPT_INCOMPLETE,
                SpnegoTokens.OID_NTLMSSP, null, null));
    }

    private SpnegoStep acceptResp(SpnegoTokens.NegTokenResp resp) throws NtlmException, SpnegoException {
        if (resp.negState() == SpnegoTokens.REJECT) {
            throw new SpnegoException("client rejected the negotiation");
        }
        if (resp.responseToken() == null) {
            throw new SpnegoException("NegTokenResp without responseToken");
        }
        if (phase == Phase.AWAIT_NEGOTIATE) {
            byte[] challenge = ntlm.acceptNegotiate(resp.responseToken());
            phase = Phase.AWAIT_AUTHENTICATE;
            return SpnegoStep.cont(SpnegoTokens.encodeResp(SpnegoTokens.ACCEPT_INCOMPLETE, null, challenge, null));
        }
        NtlmAuthResult r = ntlm.acceptAuthenticate(resp.responseToken());
        byte[] ourMic = null;
        if (ntlm.hasSecurity()) {
            NtlmSessionSecurity sec = ntlm.security();
            byte[] clientMic = resp.mechListMic();
            if (clientMic != null && !sec.verify(mechTypesDer, clientMic)) {
                throw new NtlmException(NtlmException.Reason.LOGON_FAILURE, "mechListMIC verification failed");
            }
            if (clientMic == null && micRequired) {
                throw new SpnegoException("mechListMIC required (NTLMSSP was not the preferred mechanism)");
            }
            boolean send = clientMic != null || micRequired || ntlm.clientSentMic();
            if (send) {
                ourMic = sec.sign(mechTypesDer);
            }
            if (clientMic != null || send) {
                sec.resetAfterMechListMic();
            }
        }
        phase = Phase.DONE;
        return SpnegoStep.done(SpnegoTokens.encodeResp(SpnegoTokens.ACCEPT_COMPLETED, null, null, ourMic), r);
    }

    /** True if negotiated flags include SIGN (informational for callers deciding on signing). */
    public boolean signingNegotiated() {
        return ntlm.result().map(r -> NtlmFlags.has(r.negotiatedFlags(), NtlmFlags.SIGN)).orElse(false);
    }
}
