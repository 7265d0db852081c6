package dev.casmb.rpc.pdu;

import dev.casmb.rpc.ndr.Uuids;
import java.util.Arrays;
import java.util.UUID;

/**
 * request (0) body (C706 12.6.4.9): alloc_hint, p_cont_id, opnum, optional object UUID
 * (PFC_OBJECT_UUID), stub fragment.
 */
public record RequestPdu(int allocHint, int contextId, int opnum, UUID object, byte[] stub) {

    public static RequestPdu decode(RawPdu pdu) throws PduFormatException {
        pdu.requireBody(8);
        int off = 8;
        UUID object = null;
        if (pdu.header().has(PfcFlags.OBJECT_UUID)) {
            pdu.requireBody(24);
            object = Uuids.read(pdu.wire(), pdu.bodyOffset() + 8);
            off = 24;
        }
        byte[] stub = Arrays.copyOfRange(pdu.wire(), pdu.bodyOffset() + off, pdu.bodyOffset() + pdu.bodyLength());
        return new RequestPdu(pdu.u32(0), pdu.u16(4), pdu.u16(6), object, stub);
    }

    public byte[] encodeBody() {
        int off = object == null ? 8 : 24;
        byte[] b = new byte[off + stub.length];
        LittleEndian.put32(b, 0, allocHint);
        LittleEndian.put16(b, 4, contextId);
        LittleEndian.put16(b, 6, opnum);
        if (object != null) {
            Uuids.write(object, b, 8);
        }
        System.arraycopy(stub, 0, b, off, stub.length);
        return b;
    }
}
