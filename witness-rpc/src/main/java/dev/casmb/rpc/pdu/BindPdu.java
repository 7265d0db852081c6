package dev.casmb.rpc.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * bind (11) and alter_context (14) bodies (C706 12.6.4.3 / 12.6.4.1): max_xmit_frag, max_recv_frag,
 * assoc_group_id, p_context_elem.
 */
public record BindPdu(int maxXmitFrag, int maxRecvFrag, int assocGroupId, List<ContextElement> contexts) {

    public static BindPdu decode(RawPdu pdu) throws PduFormatException {
        pdu.requireBody(12);
        int nCtx = pdu.u8(8);
        int off = 12;
        List<ContextElement> list = new ArrayList<>(nCtx);
        for (int i = 0; i < nCtx; i++) {
            pdu.requireBody(off + 4 + SyntaxId.SIZE);
            int ctxId = pdu.u16(off);
            int nTs = pdu.u8(off + 2);
            if (nTs == 0) {
                throw new PduFormatException("context element without transfer syntaxes");
            }
            SyntaxId abs = SyntaxId.read(pdu.wire(), pdu.bodyOffset() + off + 4);
            off += 4 + SyntaxId.SIZE;
            pdu.requireBody(off + nTs * SyntaxId.SIZE);
            List<SyntaxId> ts = new ArrayList<>(nTs);
            for (int t = 0; t < nTs; t++) {
                ts.add(SyntaxId.read(pdu.wire(), pdu.bodyOffset() + off));
                off += SyntaxId.SIZE;
            }
            list.add(new ContextElement(ctxId, abs, List.copyOf(ts)));
        }
        return new BindPdu(pdu.u16(0), pdu.u16(2), pdu.u32(4), List.copyOf(list));
    }

    /** Encodes the body (used by tests and a future client side). */
    public byte[] encodeBody() {
        int len = 12;
        for (ContextElement c : contexts) {
            len += 4 + SyntaxId.SIZE * (1 + c.transferSyntaxes().size());
        }
        byte[] b = new byte[len];
        LittleEndian.put16(b, 0, maxXmitFrag);
        LittleEndian.put16(b, 2, maxRecvFrag);
        LittleEndian.put32(b, 4, assocGroupId);
        b[8] = (byte) contexts.size();
        int off = 12;
        for (ContextElement c : contexts) {
            LittleEndian.put16(b, off, c.contextId());
            b[off + 2] = (byte) c.transferSyntaxes().size();
            c.abstractSyntax().write(b, off + 4);
            off += 4 + SyntaxId.SIZE;
            for (SyntaxId t : c.transferSyntaxes()) {
                t.write(b, off);
                off += SyntaxId.SIZE;
            }
        }
        return b;
    }
}
