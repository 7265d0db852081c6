package dev.casmb.rpc.pdu;

/**
 * The 16-byte common header of every connection-oriented PDU (C706 12.6.3.1, [MS-RPCE] 2.2.2.1):
 * rpc_vers 5, rpc_vers_minor 0|1, PTYPE, pfc_flags, drep[4], frag_length, auth_length, call_id.
 */
public record PduHeader(int versionMinor, int type, int flags, int fragLength, int authLength, int callId) {
    public static final int SIZE = 16;
    /** drep for little-endian integers, ASCII characters, IEEE floats. */
    public static final byte DREP_LE = 0x10;

    /** Reads the header and checks version and data representation. */
    public static PduHeader read(byte[] b) throws PduFormatException {
        if (b.length < SIZE) {
            throw new PduFormatException("PDU shorter than header");
        }
        if (b[0] != 5 || (b[1] != 0 && b[1] != 1)) {
            throw new PduFormatException("unsupported rpc version " + b[0] + "." + b[1]);
        }
        if ((b[4] & 0xF0) != DREP_LE) {
            throw new PduFormatException("only little-endian drep is supported");
        }
        return new PduHeader(b[1], b[2] & 0xFF, b[3] & 0xFF, LittleEndian.u16(b, 8), LittleEndian.u16(b, 10),
                LittleEndian.u32(b, 12));
    }

    public void write(byte[] b) {
        b[0] = 5;
        b[1] = (byte) versionMinor;
        b[2] = (byte) type;
        b[3] = (byte) flags;
        b[4] = DREP_LE;
        b[5] = 0;
        b[6] = 0;
        b[7] = 0;
        LittleEndian.put16(b, 8, fragLength);
        LittleEndian.put16(b, 10, authLength);
        LittleEndian.put32(b, 12, callId);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
