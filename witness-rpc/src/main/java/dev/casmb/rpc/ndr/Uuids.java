package dev.casmb.rpc.ndr;

import java.util.UUID;

/**
 * UUID wire form used by DCE/RPC and NDR 2.0 (C706 Appendix A, [MS-DTYP] 2.3.4.2): Data1 u32 LE,
 * Data2 u16 LE, Data3 u16 LE, Data4 eight bytes as-is.
 */
public final class Uuids {
    private Uuids() {
    }

    public static void write(UUID u, byte[] dst, int off) {
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        int d1 = (int) (msb >>> 32);
        int d2 = (int) (msb >>> 16) & 0xFFFF;
        int d3 = (int) msb & 0xFFFF;
        dst[off] = (byte) d1;
        dst[off + 1] = (byte) (d1 >>> 8);
        dst[off + 2] = (byte) (d1 >>> 16);
        dst[off + 3] = (byte) (d1 >>> 24);
        dst[off + 4] = (byte) d2;
        dst[off + 5] = (byte) (d2 >>> 8);
        dst[off + 6] = (byte) d3;
        dst[off + 7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) {
            dst[off + 8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
    }

    public static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        write(u, b, 0);
        return b;
    }

    public static UUID read(byte[] src, int off) {
        if (off < 0 || off + 16 > src.length) {
            throw new NdrException("truncated UUID");
        }
        long d1 = (src[off] & 0xFFL) | (src[off + 1] & 0xFFL) << 8 | (src[off + 2] & 0xFFL) << 16
                | (src[off + 3] & 0xFFL) << 24;
        long d2 = (src[off + 4] & 0xFFL) | (src[off + 5] & 0xFFL) << 8;
        long d3 = (src[off + 6] & 0xFFL) | (src[off + 7] & 0xFFL) << 8;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            lsb = (lsb << 8) | (src[off + 8 + i] & 0xFFL);
        }
        return new UUID(d1 << 32 | d2 << 16 | d3, lsb);
    }
}
