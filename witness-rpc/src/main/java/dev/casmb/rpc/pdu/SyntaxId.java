package dev.casmb.rpc.pdu;

import dev.casmb.rpc.ndr.Uuids;
import java.util.UUID;

/**
 * p_syntax_id_t (C706 12.6.3.1): interface or transfer syntax UUID plus version, 20 bytes on the wire
 * (u32 version = major | minor << 16).
 */
public record SyntaxId(UUID uuid, int major, int minor) {
    /** NDR 2.0 transfer syntax 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0. */
    public static final SyntaxId NDR20 = new SyntaxId(UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0);
    /** NDR64 71710533-beba-4937-8319-b5dbef9ccc36 v1.0 ([MS-RPCE] 2.2.5); always rejected here. */
    public static final SyntaxId NDR64 = new SyntaxId(UUID.fromString("71710533-beba-4937-8319-b5dbef9ccc36"), 1, 0);
    /** All-zero syntax used in rejected / negotiate_ack results. */
    public static final SyntaxId NULL = new SyntaxId(new UUID(0, 0), 0, 0);
    /** Prefix of the bind-time feature negotiation syntax 6cb71c2c-9812-4540-xxxx ([MS-RPCE] 3.3.1.5.3). */
    private static final long BTFN_MSB = 0x6cb71c2c98124540L;

    public static final int SIZE = 20;

    public static SyntaxId read(byte[] b, int off) {
        UUID u = Uuids.read(b, off);
        int v = LittleEndian.u32(b, off + 16);
        return new SyntaxId(u, v & 0xFFFF, v >>> 16);
    }

    public void write(byte[] b, int off) {
        Uuids.write(uuid, b, off);
        LittleEndian.put32(b, off + 16, (major & 0xFFFF) | minor << 16);
    }

    public boolean isBindTimeFeatureNegotiation() {
        return uuid.getMostSignificantBits() == BTFN_MSB && major == 1 && minor == 0;
    }

    /** Feature bitmask carried in the low bits of the BTFN UUID ([MS-RPCE] 2.2.2.14). */
    public int bindTimeFeatures() {
        byte[] raw = Uuids.toBytes(uuid);
        return (raw[8] & 0xFF) | (raw[9] & 0xFF) << 8;
    }
}
