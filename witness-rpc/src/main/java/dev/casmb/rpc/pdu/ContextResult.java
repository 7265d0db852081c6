package dev.casmb.rpc.pdu;

/**
 * p_result_t (C706 12.6.3.1, [MS-RPCE] 2.2.2.4/2.2.2.5): 24 bytes, result + reason + transfer syntax.
 */
public record ContextResult(int result, int reason, SyntaxId transferSyntax) {
    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int PROVIDER_REJECTION = 2;
    /** Bind-time feature negotiation acknowledgement; reason carries the supported bitmask. */
    public static final int NEGOTIATE_ACK = 3;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED = 1;
    public static final int REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED = 2;
    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 3;

    public static final int SIZE = 24;

    public static ContextResult accept(SyntaxId transfer) {
        return new ContextResult(ACCEPTANCE, 0, transfer);
    }

    public static ContextResult reject(int reason) {
        return new ContextResult(PROVIDER_REJECTION, reason, SyntaxId.NULL);
    }
}
