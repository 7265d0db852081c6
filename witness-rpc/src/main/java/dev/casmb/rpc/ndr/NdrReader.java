package dev.casmb.rpc.ndr;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Bounds-checked NDR 2.0 little-endian decoder (C706 ch. 14). Alignment is relative to the start of
 * the stub, as C706 14.2.2 requires. Every read that would run past the end throws {@link NdrException}.
 */
public final class NdrReader {
    /** Upper bound on any conformant count we accept, independent of the remaining bytes. */
    public static final int MAX_COUNT = 1 << 20;

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public NdrReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public NdrReader(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("bad range");
        }
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    public int position() {
        return pos - start;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new NdrException("truncated stub: need " + n + " bytes at offset " + position());
        }
    }

    public void align(int n) {
        int rel = pos - start;
        int pad = (n - (rel % n)) % n;
        need(pad);
        pos += pad;
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() {
        align(2);
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int u32() {
        align(4);
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
                | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** A u32 interpreted as a non-negative count, bounded by {@link #MAX_COUNT}. */
    public int count() {
        int v = u32();
        if (v < 0 || v > MAX_COUNT) {
            throw new NdrException("count out of range: " + Integer.toUnsignedString(v));
        }
        return v;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public UUID uuid() {
        align(4);
        need(16);
        UUID u = Uuids.read(buf, pos);
        pos += 16;
        return u;
    }

    /** Referent id of a unique/full pointer (0 = NULL). */
    public int pointer() {
        return u32();
    }

    /**
     * Conformant-varying UTF-16 string ([string] wchar_t*, C706 14.3.4): max_count, offset, actual_count,
     * chars. The trailing NUL, if present, is stripped.
     */
    public String wstring() {
        int max = count();
        int offset = count();
        int actual = count();
        if (offset != 0 || actual > max) {
            throw new NdrException("bad varying string bounds");
        }
        need(actual * 2);
        int chars = actual;
        if (chars > 0 && buf[pos + 2 * chars - 2] == 0 && buf[pos + 2 * chars - 1] == 0) {
            chars--;
        }
        String s = new String(buf, pos, chars * 2, StandardCharsets.UTF_16LE);
        pos += actual * 2;
        return s;
    }

    /** [unique] [string] wchar_t*: referent id then, if non-NULL, the string. */
    public String uniqueWString() {
        return pointer() == 0 ? null : wstring();
    }
}
