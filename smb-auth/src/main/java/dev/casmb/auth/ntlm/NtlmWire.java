package dev.casmb.auth.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bounds-checked little-endian helpers shared by the NTLM message codecs. Every read validates
 * offset and length against the buffer and throws {@link NtlmException} (MALFORMED) otherwise.
 */
final class NtlmWire {
    private NtlmWire() {}

    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    /** Upper bound on any NTLM message we accept (real ones are well under 4 KiB). */
    static final int MAX_MESSAGE = 64 * 1024;

    static void checkHeader(byte[] msg, int minLen, int type) throws NtlmException {
        if (msg == null) {
            throw NtlmException.malformed("null message");
        }
        if (msg.length > MAX_MESSAGE) {
            throw NtlmException.malformed("message too large: " + msg.length);
        }
        if (msg.length < minLen) {
            throw NtlmException.malformed("message too short: " + msg.length + " < " + minLen);
        }
        if (!Arrays.equals(msg, 0, 8, SIGNATURE, 0, 8)) {
            throw NtlmException.malformed("bad NTLMSSP signature");
        }
        int t = u32(msg, 8);
        if (t != type) {
            throw NtlmException.malformed("expected message type " + type + ", got " + t);
        }
    }

    static int u16(byte[] b, int off) throws NtlmException {
        if (off < 0 || off + 2 > b.length) {
            throw NtlmException.malformed("read u16 past end at " + off);
        }
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int u32(byte[] b, int off) throws NtlmException {
        if (off < 0 || off + 4 > b.length) {
            throw NtlmException.malformed("read u32 past end at " + off);
        }
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static byte[] slice(byte[] b, int off, int len) throws NtlmException {
        if (off < 0 || len < 0 || (long) off + len > b.length) {
            throw NtlmException.malformed("slice [" + off + "+" + len + "] outside buffer of " + b.length);
        }
        return Arrays.copyOfRange(b, off, off + len);
    }

    /**
     * Reads a (Len, MaxLen, BufferOffset) field descriptor at {@code descOff} (MS-NLMP 2.2.2.x) and
     * returns the referenced payload; an empty field (Len 0) yields an empty array whatever its offset.
     */
    static byte[] field(byte[] msg, int descOff, String name) throws NtlmException {
        int len = u16(msg, descOff);
        long off = u32(msg, descOff + 4) & 0xffffffffL;
        if (len == 0) {
            return new byte[0];
        }
        if (off + len > msg.length) {
            throw NtlmException.malformed(name + " field [" + off + "+" + len + "] past end of " + msg.length);
        }
        return Arrays.copyOfRange(msg, (int) off, (int) off + len);
    }

    /** Offset of a non-empty field, or Integer.MAX_VALUE for empty ones (used to find payload start). */
    static long fieldOffset(byte[] msg, int descOff) throws NtlmException {
        return u16(msg, descOff) == 0 ? Long.MAX_VALUE : u32(msg, descOff + 4) & 0xffffffffL;
    }

    static String string(byte[] raw, boolean unicode, String name) throws NtlmException {
        if (unicode) {
            if ((raw.length & 1) != 0) {
                throw NtlmException.malformed(name + ": odd-length UTF-16 string");
            }
            return new String(raw, StandardCharsets.UTF_16LE);
        }
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    static byte[] encode(String s, boolean unicode) {
        return s == null ? new byte[0] : s.getBytes(unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static byte[] le32(int v) {
        byte[] b = new byte[4];
        putU32(b, 0, v);
        return b;
    }

    /** Builds a message: fixed header of {@code headerLen} bytes followed by payload fields. */
    static final class Builder {
        private final byte[] header;
        private final List<byte[]> payload = new ArrayList<>();
        private int payloadLen;

        Builder(int headerLen, int type) {
            header = new byte[headerLen];
            System.arraycopy(SIGNATURE, 0, header, 0, 8);
            putU32(header, 8, type);
        }

        Builder u32(int off, int v) {
            putU32(header, off, v);
            return this;
        }

        Builder bytes(int off, byte[] v) {
            System.arraycopy(v, 0, header, off, v.length);
            return this;
        }

        /** Appends {@code data} to the payload and writes its field descriptor at {@code descOff}. */
        Builder field(int descOff, byte[] data) {
            int off = header.length + payloadLen;
            putU16(header, descOff, data.length);
            putU16(header, descOff + 2, data.length);
            putU32(header, descOff + 4, off);
            payload.add(data);
            payloadLen += data.length;
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + payloadLen);
            out.writeBytes(header);
            for (byte[] p : payload) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
    }
}
