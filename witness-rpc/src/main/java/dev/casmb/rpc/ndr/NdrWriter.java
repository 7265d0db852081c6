package dev.casmb.rpc.ndr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * NDR 2.0 little-endian encoder (C706 ch. 14). Referent ids for unique pointers are allocated as
 * 0x00020000, 0x00020004, ... which is what Windows and Samba emit and what the golden vectors expect.
 */
public final class NdrWriter {
    private byte[] buf = new byte[256];
    private int len;
    private int nextReferent = 0x00020000;

    public int size() {
        return len;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    public NdrWriter align(int n) {
        int pad = (n - (len % n)) % n;
        ensure(pad);
        len += pad; // array is zero-initialised
        return this;
    }

    public NdrWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public NdrWriter u16(int v) {
        align(2);
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        return this;
    }

    public NdrWriter u32(int v) {
        align(4);
        ensure(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
        return this;
    }

    public NdrWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public NdrWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public NdrWriter zeros(int n) {
        ensure(n);
        len += n;
        return this;
    }

    public NdrWriter uuid(UUID u) {
        align(4);
        ensure(16);
        Uuids.write(u, buf, len);
        len += 16;
        return this;
    }

    /** Writes a fresh non-NULL referent id and returns it. */
    public int referent() {
        int id = nextReferent;
        nextReferent += 4;
        u32(id);
        return id;
    }

    public NdrWriter nullPointer() {
        return u32(0);
    }

    /** Conformant-varying UTF-16 string including the terminating NUL (C706 14.3.4). */
    public NdrWriter wstring(String s) {
        byte[] chars = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
        int n = chars.length / 2;
        u32(n).u32(0).u32(n);
        return bytes(chars);
    }

    /** [unique] [string] wchar_t*: referent id (0 for null) followed by the string. */
    public NdrWriter uniqueWString(String s) {
        if (s == null) {
            return nullPointer();
        }
        referent();
        return wstring(s);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
