package dev.casmb.smb.info;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte writer for info-class structures. */
public final class LeWriter {
    private byte[] buf;
    private int len;

    public LeWriter() { this(64); }

    public LeWriter(int capacity) { buf = new byte[Math.max(16, capacity)]; }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    public LeWriter u8(int v) { ensure(1); buf[len++] = (byte) v; return this; }

    public LeWriter u16(int v) { ensure(2); buf[len++] = (byte) v; buf[len++] = (byte) (v >>> 8); return this; }

    public LeWriter u32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    public LeWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    public LeWriter bytes(byte[] b) { ensure(b.length); System.arraycopy(b, 0, buf, len, b.length); len += b.length; return this; }

    public LeWriter zero(int n) { ensure(n); len += n; return this; }

    public LeWriter utf16(String s) { return bytes(s.getBytes(StandardCharsets.UTF_16LE)); }

    /** Pads with zeros to a multiple of {@code a}. */
    public LeWriter align(int a) { int r = len % a; return r == 0 ? this : zero(a - r); }

    public void putU16(int at, int v) { buf[at] = (byte) v; buf[at + 1] = (byte) (v >>> 8); }

    public void putU32(int at, int v) { for (int i = 0; i < 4; i++) buf[at + i] = (byte) (v >>> (8 * i)); }

    public int length() { return len; }

    public byte[] toBytes() { return Arrays.copyOf(buf, len); }

    public static byte[] utf16le(String s) { return s.getBytes(StandardCharsets.UTF_16LE); }
}
