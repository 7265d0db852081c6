package dev.casmb.rpc.pdu;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * bind_ack (12) and alter_context_resp (15) bodies (C706 12.6.4.4 / 12.6.4.2): max_xmit_frag,
 * max_recv_frag, assoc_group_id, port_any_t sec_addr (u16 length incl. NUL + ASCII), pad to 4
 * (relative to the PDU start), p_result_list.
 */
public record BindAckPdu(int maxXmitFrag, int maxRecvFrag, int assocGroupId, String secondaryAddress,
        List<ContextResult> results) {

    public byte[] encodeBody() {
        byte[] addr = secondaryAddress == null || secondaryAddress.isEmpty() ? new byte[0]
                : (secondaryAddress + "\0").getBytes(StandardCharsets.US_ASCII);
        int off = 8 + 2 + addr.length;
        // Alignment is relative to the PDU start; the body starts at PDU offset 16.
        off += (4 - ((PduHeader.SIZE + off) % 4)) % 4;
        byte[] b = new byte[off + 4 + results.size() * ContextResult.SIZE];
        LittleEndian.put16(b, 0, maxXmitFrag);
        LittleEndian.put16(b, 2, maxRecvFrag);
        LittleEndian.put32(b, 4, assocGroupId);
        LittleEndian.put16(b, 8, addr.length);
        System.arraycopy(addr, 0, b, 10, addr.length);
        b[off] = (byte) results.size();
        off += 4;
        for (ContextResult r : results) {
            LittleEndian.put16(b, off, r.result());
            LittleEndian.put16(b, off + 2, r.reason());
            r.transferSyntax().write(b, off + 4);
            off += ContextResult.SIZE;
        }
        return b;
    }
}
