package dev.casmb.auth.spnego;

import dev.casmb.auth.ntlm.NtlmAuthResult;

/**
 * Outcome of one {@link SpnegoServer#accept} call.
 *
 * @param state         CONTINUE: send {@code responseToken} and wait for the next client token (SMB:
 *                      STATUS_MORE_PROCESSING_REQUIRED); DONE: authenticated, send {@code responseToken} if
 *                      non-null; FAILED: send {@code responseToken} if non-null, then fail (STATUS_LOGON_FAILURE)
 * @param responseToken token for the client (SPNEGO NegTokenResp, or raw NTLMSSP when the client used raw NTLMSSP);
 *                      may be null
 * @param result        the authentication result when DONE, else null
 * @param failureReason human-readable reason when FAILED, else null
 */
public record SpnegoStep(State state, byte[] responseToken, NtlmAuthResult result, String failureReason) {

    public enum State { CONTINUE, DONE, FAILED }

    static SpnegoStep cont(byte[] token) {
        return new SpnegoStep(State.CONTINUE, token, null, null);
    }

    static SpnegoStep done(byte[] token, NtlmAuthResult result) {
        return new SpnegoStep(State.DONE, token, result, null);
    }

    static SpnegoStep failed(byte[] token, String reason) {
        return new SpnegoStep(State.FAILED, token, null, reason);
    }
}
