package dev.casmb.smb.fsctl;

/** Little-endian helpers for FSCTL buffers. */
final class Le {
    private Le() {}

    static int u16(byte[] b, int at) { return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8; }

    static int u32(byte[] b, int at) { return u16(b, at) | u16(b, at + 2) << 16; }

    static long u64(byte[] b, int at) { return (u32(b, at) & 0xFFFFFFFFL) | (long) u32(b, at + 4) << 32; }

    static void put16(byte[] b, int at, int v) { b[at] = (byte) v; b[at + 1] = (byte) (v >>> 8); }

    static void put32(byte[] b, int at, int v) { put16(b, at, v); put16(b, at + 2, v >>> 16); }

    static void put64(byte[] b, int at, long v) { put32(b, at, (int) v); put32(b, at + 4, (int) (v >>> 32)); }
}
