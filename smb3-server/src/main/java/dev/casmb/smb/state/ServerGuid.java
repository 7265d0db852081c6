package dev.casmb.smb.state;

import java.util.UUID;

/** GUID helpers: SMB carries GUIDs in the MS mixed-endian 16-byte layout. */
public final class ServerGuid {
    private ServerGuid() {}

    public static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        int d1 = (int) (msb >>> 32);
        short d2 = (short) (msb >>> 16);
        short d3 = (short) msb;
        b[0] = (byte) d1; b[1] = (byte) (d1 >>> 8); b[2] = (byte) (d1 >>> 16); b[3] = (byte) (d1 >>> 24);
        b[4] = (byte) d2; b[5] = (byte) (d2 >>> 8);
        b[6] = (byte) d3; b[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        return b;
    }
}
