package dev.casmb.rpc.pdu;

/**
 * Assembles a PDU: header + body + (auth padding + sec_trailer + zeroed auth_value of the requested
 * length). The caller fills the auth_value afterwards (signatures cover the finished header,
 * [MS-RPCE] 2.2.2.11 / 3.3.1.5.2).
 */
public final class PduEncoder {
    private PduEncoder() {
    }

    /** Unauthenticated PDU. */
    public static byte[] encode(int type, int flags, int callId, byte[] body) {
        byte[] out = new byte[PduHeader.SIZE + body.length];
        new PduHeader(0, type, flags, out.length, 0, callId).write(out);
        System.arraycopy(body, 0, out, PduHeader.SIZE, body.length);
        return out;
    }

    /**
     * Authenticated PDU with {@code pad} bytes of auth padding before the sec_trailer (the caller aligns:
     * 16 relative to the stub for request/response, 4 for bind-family PDUs; [MS-RPCE] 2.2.2.11).
     */
    public static byte[] encode(int type, int flags, int callId, byte[] body, SecTrailer trailer, int pad,
            byte[] authValue) {
        int len = PduHeader.SIZE + body.length + pad + SecTrailer.SIZE + authValue.length;
        byte[] out = new byte[len];
        new PduHeader(0, type, flags, len, authValue.length, callId).write(out);
        System.arraycopy(body, 0, out, PduHeader.SIZE, body.length);
        int tOff = PduHeader.SIZE + body.length + pad;
        trailer.withPad(pad).write(out, tOff);
        System.arraycopy(authValue, 0, out, tOff + SecTrailer.SIZE, authValue.length);
        return out;
    }
}
