package dev.casmb.auth.spnego;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Minimal strict DER (X.690) reader/writer for the handful of SPNEGO structures. Only single-byte
 * tags and definite lengths are accepted; every length is checked against the enclosing buffer.
 * Nesting depth is bounded by the callers, which descend only along the fixed SPNEGO paths
 * (never recursively on attacker-chosen structure), and additionally by {@link #MAX_DEPTH}.
 */
final class Der {
    private Der() {}

    static final int MAX_DEPTH = 8;
    static final int MAX_ELEMENTS = 64;

    static final int TAG_ENUMERATED = 0x0a;
    static final int TAG_OCTET_STRING = 0x04;
    static final int TAG_BIT_STRING = 0x03;
    static final int TAG_OID = 0x06;
    static final int TAG_SEQUENCE = 0x30;
    static final int TAG_GENERAL_STRING = 0x1b;
    static final int TAG_APPLICATION_0 = 0x60;

    static int context(int n) {
        return 0xa0 | n;
    }

    /** A decoded TLV: {@code encoded} is the full element, {@code value} its contents. */
    record Element(int tag, byte[] value, byte[] encoded, int depth) {
        List<Element> children() throws DerException {
            return Der.parseAll(value, depth + 1);
        }

        /** The only child of an explicitly tagged element. */
        Element single() throws DerException {
            List<Element> c = children();
            if (c.size() != 1) {
                throw new DerException("expected exactly one element inside tag 0x" + Integer.toHexString(tag));
            }
            return c.get(0);
        }

        Element expect(int t) throws DerException {
            if (tag != t) {
                throw new DerException("expected tag 0x" + Integer.toHexString(t) + ", got 0x" + Integer.toHexString(tag));
            }
            return this;
        }
    }

    static final class DerException extends Exception {
        private static final long serialVersionUID = 1L;

        DerException(String m) {
            super(m);
        }
    }

    /** Parses exactly one element occupying the whole buffer. */
    static Element parseOne(byte[] b) throws DerException {
        List<Element> all = parseAll(b, 0);
        if (all.size() != 1) {
            throw new DerException("expected one top-level element, got " + all.size());
        }
        return all.get(0);
    }

    /** Parses a concatenation of elements filling the whole buffer. */
    static List<Element> parseAll(byte[] b, int depth) throws DerException {
        if (depth > MAX_DEPTH) {
            throw new DerException("DER nesting too deep");
        }
        List<Element> out = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            if (out.size() >= MAX_ELEMENTS) {
                throw new DerException("too many DER elements");
            }
            int start = pos;
            int tag = b[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new DerException("multi-byte tags not supported");
            }
            if (pos >= b.length) {
                throw new DerException("truncated length");
            }
            int first = b[pos++] & 0xff;
            int len;
            if (first < 0x80) {
                len = first;
            } else {
                int n = first & 0x7f;
                if (n == 0) {
                    throw new DerException("indefinite length not allowed in DER");
                }
                if (n > 3) {
                    throw new DerException("length too large");
                }
                if (pos + n > b.length) {
                    throw new DerException("truncated length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = len << 8 | (b[pos++] & 0xff);
                }
                if (len < 0x80 || (n > 1 && len >> (8 * (n - 1)) == 0)) {
                    throw new DerException("non-minimal length encoding");
                }
            }
            if (len > b.length - pos) {
                throw new DerException("length " + len + " exceeds buffer");
            }
            byte[] value = Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            out.add(new Element(tag, value, Arrays.copyOfRange(b, start, pos), depth));
        }
        return out;
    }

    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** Encodes an OBJECT IDENTIFIER from dotted form. */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            writeBase128(out, Long.parseLong(parts[i]));
        }
        return tlv(TAG_OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long v) {
        int n = 1;
        while ((v >>> (7 * n)) != 0) {
            n++;
        }
        for (int i = n - 1; i >= 0; i--) {
            int b = (int) ((v >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? b : b | 0x80);
        }
    }
}
