package dev.casmb.auth.ntlm;

/** Checked failure of an NTLM operation, with a machine-readable reason. */
public final class NtlmException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why authentication or decoding failed; the SMB layer maps all but MALFORMED to STATUS_LOGON_FAILURE. */
    public enum Reason {
        /** Unknown user or wrong password (or bad MIC). */
        LOGON_FAILURE,
        /** Structurally invalid message (bad signature, offsets, lengths ...). */
        MALFORMED,
        /** Client sent an NTLMv1/LM (24-byte) response; only NTLMv2 is accepted. */
        NTLMV1_REFUSED,
        /** Anonymous logon attempted but not allowed by configuration. */
        ANONYMOUS_REFUSED,
        /** Operation called in the wrong state (e.g. AUTHENTICATE before NEGOTIATE). */
        PROTOCOL_STATE
    }

    private final Reason reason;

    public NtlmException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public NtlmException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    static NtlmException malformed(String message) {
        return new NtlmException(Reason.MALFORMED, message);
    }

    public Reason reason() {
        return reason;
    }
}
