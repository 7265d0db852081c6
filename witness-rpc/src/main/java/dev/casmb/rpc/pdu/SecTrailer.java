package dev.casmb.rpc.pdu;

/**
 * sec_trailer (auth_verifier_co_t, C706 13.2.6.1, [MS-RPCE] 2.2.2.11): auth_type, auth_level,
 * auth_pad_length, reserved, auth_context_id; 8 bytes, followed by auth_length bytes of auth_value.
 */
public record SecTrailer(int authType, int authLevel, int padLength, int contextId) {
    public static final int SIZE = 8;

    public static SecTrailer read(byte[] b, int off) {
        return new SecTrailer(b[off] & 0xFF, b[off + 1] & 0xFF, b[off + 2] & 0xFF, LittleEndian.u32(b, off + 4));
    }

    public void write(byte[] b, int off) {
        b[off] = (byte) authType;
        b[off + 1] = (byte) authLevel;
        b[off + 2] = (byte) padLength;
        b[off + 3] = 0;
        LittleEndian.put32(b, off + 4, contextId);
    }

    public SecTrailer withPad(int pad) {
        return new SecTrailer(authType, authLevel, pad, contextId);
    }
}
