package dev.casmb.rpc.pdu;

/**
 * fault (3) body (C706 12.6.4.7, [MS-RPCE] 2.2.2.6): alloc_hint, p_cont_id, cancel_count, flags,
 * status, reserved. Sent unauthenticated, like Samba and Windows do.
 */
public record FaultPdu(int contextId, int cancelCount, int status) {
    public byte[] encodeBody() {
        byte[] b = new byte[16];
        LittleEndian.put32(b, 0, 32); // alloc_hint: the PDU length, as Windows sends
        LittleEndian.put16(b, 4, contextId);
        b[6] = (byte) cancelCount;
        LittleEndian.put32(b, 8, status);
        return b;
    }
}
