package dev.casmb.rpc.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into PDUs by frag_length (C706 12.6.3.1, bytes 8..9 little-endian). Used by the
 * named-pipe session, whose writes may carry partial or several PDUs. Bounded: a frag_length below 16
 * marks the stream as corrupt.
 */
public final class PduFramer {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean corrupt;

    public boolean isCorrupt() {
        return corrupt;
    }

    /** Appends data and returns every complete PDU now available. */
    public List<byte[]> feed(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        if (corrupt) {
            return out;
        }
        pending.write(data, 0, data.length);
        byte[] buf = pending.toByteArray();
        int off = 0;
        while (buf.length - off >= 10) {
            int frag = (buf[off + 8] & 0xFF) | (buf[off + 9] & 0xFF) << 8;
            if (frag < 16) {
                corrupt = true;
                pending.reset();
                return out;
            }
            if (buf.length - off < frag) {
                break;
            }
            byte[] pdu = new byte[frag];
            System.arraycopy(buf, off, pdu, 0, frag);
            out.add(pdu);
            off += frag;
        }
        pending.reset();
        pending.write(buf, off, buf.length - off);
        return out;
    }
}
