package dev.casmb.rpc.auth;

/**
 * One server-side security context of a connection ([MS-RPCE] 3.3.1.5.2). Used from the connection's
 * serial executor only; implementations need not be thread-safe but keep stream cipher state in PDU order.
 */
public interface RpcAuthContext {

    /** Consumes a client token from bind, alter_context or auth3 and returns the reply. */
    AuthStep step(byte[] token) throws RpcAuthException;

    /** Authenticated principal ("DOMAIN\\user"), or null before completion / for anonymous. */
    String principal();

    /** Length of the auth_value for signed request/response PDUs (16 for NTLMSSP). */
    int signatureLength();

    /**
     * Protects an outbound PDU in place: computes the signature over {@code pdu[0..sigOffset)} (the whole
     * PDU through the sec_trailer, [MS-RPCE] 2.2.2.11), optionally encrypts {@code pdu[bodyOff..bodyOff+bodyLen)}
     * first, and returns the signature (which the caller writes at {@code sigOffset}).
     */
    byte[] protect(byte[] pdu, int bodyOff, int bodyLen, int sigOffset, boolean seal) throws RpcAuthException;

    /**
     * Unprotects an inbound PDU in place: decrypts the body when {@code sealed}, then verifies
     * {@code signature} over {@code pdu[0..sigOffset)}.
     */
    void unprotect(byte[] pdu, int bodyOff, int bodyLen, int sigOffset, byte[] signature, boolean sealed)
            throws RpcAuthException;
}
