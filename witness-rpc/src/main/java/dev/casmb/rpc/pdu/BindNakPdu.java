package dev.casmb.rpc.pdu;

/**
 * bind_nak (13) body (C706 12.6.4.5, [MS-RPCE] 2.2.2.9): provider_reject_reason, supported protocol
 * versions (we advertise 5.0 only).
 */
public record BindNakPdu(int rejectReason) {
    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int TEMPORARY_CONGESTION = 1;
    public static final int LOCAL_LIMIT_EXCEEDED = 2;
    public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 4;
    public static final int AUTHENTICATION_TYPE_NOT_RECOGNIZED = 8;
    public static final int INVALID_CHECKSUM = 9;

    public byte[] encodeBody() {
        byte[] b = new byte[8];
        LittleEndian.put16(b, 0, rejectReason);
        b[2] = 1; // n_protocols
        b[3] = 5; // rpc_vers
        b[4] = 0; // rpc_vers_minor
        return b;
    }
}
