package dev.casmb.rpc.pdu;

/** response (2) body (C706 12.6.4.10): alloc_hint, p_cont_id, cancel_count, reserved, stub fragment. */
public record ResponsePdu(int allocHint, int contextId, int cancelCount, byte[] stub, int stubOff, int stubLen) {
    public static final int HEADER_BODY = 8;

    public byte[] encodeBody() {
        byte[] b = new byte[HEADER_BODY + stubLen];
        LittleEndian.put32(b, 0, allocHint);
        // Samba/Windows truncate the echoed context id to 8 bits; we echo it as received.
        LittleEndian.put16(b, 4, contextId);
        b[6] = (byte) cancelCount;
        System.arraycopy(stub, stubOff, b, HEADER_BODY, stubLen);
        return b;
    }
}
