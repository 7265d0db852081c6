package dev.casmb.rpc.pdu;

import java.util.Arrays;

/**
 * A framed PDU split into header, PTYPE-specific body (without auth padding) and optional
 * sec_trailer + auth_value ([MS-RPCE] 2.2.2.11: the trailer sits at frag_length - auth_length - 8).
 *
 * @param wire the complete PDU as received (needed for whole-PDU signature verification)
 * @param bodyOffset offset of the body in {@code wire} (always 16)
 * @param bodyLength body length excluding auth padding
 */
public record RawPdu(PduHeader header, byte[] wire, int bodyOffset, int bodyLength, SecTrailer trailer,
        byte[] authValue) {

    public static RawPdu decode(byte[] wire) throws PduFormatException {
        PduHeader h = PduHeader.read(wire);
        if (h.fragLength() != wire.length) {
            throw new PduFormatException("frag_length " + h.fragLength() + " != " + wire.length);
        }
        int bodyEnd = wire.length;
        SecTrailer trailer = null;
        byte[] authValue = null;
        if (h.authLength() > 0) {
            int trailerOff = wire.length - h.authLength() - SecTrailer.SIZE;
            if (trailerOff < PduHeader.SIZE) {
                throw new PduFormatException("auth_length exceeds PDU");
            }
            trailer = SecTrailer.read(wire, trailerOff);
            if (trailer.padLength() > trailerOff - PduHeader.SIZE) {
                throw new PduFormatException("auth_pad_length exceeds body");
            }
            authValue = Arrays.copyOfRange(wire, trailerOff + SecTrailer.SIZE, wire.length);
            bodyEnd = trailerOff - trailer.padLength();
        }
        return new RawPdu(h, wire, PduHeader.SIZE, bodyEnd - PduHeader.SIZE, trailer, authValue);
    }

    public int type() {
        return header.type();
    }

    public int callId() {
        return header.callId();
    }

    /** Checks the body is at least {@code n} bytes long. */
    public void requireBody(int n) throws PduFormatException {
        if (bodyLength < n) {
            throw new PduFormatException("PTYPE " + type() + " body truncated");
        }
    }

    public int u16(int bodyOff) {
        return LittleEndian.u16(wire, bodyOffset + bodyOff);
    }

    public int u32(int bodyOff) {
        return LittleEndian.u32(wire, bodyOffset + bodyOff);
    }

    public int u8(int bodyOff) {
        return wire[bodyOffset + bodyOff] & 0xFF;
    }

    /** Offset in {@code wire} where the sec_trailer starts (only meaningful when authenticated). */
    public int trailerOffset() {
        return wire.length - header.authLength() - SecTrailer.SIZE;
    }
}
