package dev.casmb.auth.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One AV_PAIR of a TargetInfo list (MS-NLMP 2.2.2.1). */
public record AvPair(int id, byte[] value) {

    public static final int MSV_AV_EOL = 0x0000;
    public static final int MSV_AV_NB_COMPUTER_NAME = 0x0001;
    public static final int MSV_AV_NB_DOMAIN_NAME = 0x0002;
    public static final int MSV_AV_DNS_COMPUTER_NAME = 0x0003;
    public static final int MSV_AV_DNS_DOMAIN_NAME = 0x0004;
    public static final int MSV_AV_DNS_TREE_NAME = 0x0005;
    public static final int MSV_AV_FLAGS = 0x0006;
    public static final int MSV_AV_TIMESTAMP = 0x0007;
    public static final int MSV_AV_SINGLE_HOST = 0x0008;
    public static final int MSV_AV_TARGET_NAME = 0x0009;
    public static final int MSV_AV_CHANNEL_BINDINGS = 0x000a;

    /** MsvAvFlags bit: the AUTHENTICATE_MESSAGE carries a MIC. */
    public static final int AV_FLAG_MIC_PRESENT = 0x00000002;

    public AvPair {
        value = value == null ? new byte[0] : value.clone();
        if (value.length > 0xffff) {
            throw new IllegalArgumentException("AV pair too long");
        }
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static AvPair ofString(int id, String s) {
        return new AvPair(id, s.getBytes(StandardCharsets.UTF_16LE));
    }

    public static AvPair ofTimestamp(long fileTime) {
        byte[] v = new byte[8];
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (fileTime >>> (8 * i));
        }
        return new AvPair(MSV_AV_TIMESTAMP, v);
    }

    /** Encodes the pairs followed by MsvAvEOL. Pairs with id EOL in the input are skipped. */
    public static byte[] encodeList(List<AvPair> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AvPair p : pairs) {
            if (p.id == MSV_AV_EOL) {
                continue;
            }
            byte[] hdr = new byte[4];
            NtlmWire.putU16(hdr, 0, p.id);
            NtlmWire.putU16(hdr, 2, p.value.length);
            out.writeBytes(hdr);
            out.writeBytes(p.value);
        }
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /**
     * Decodes an AV_PAIR list up to MsvAvEOL; any bytes after EOL are ignored (NTLMv2 responses have
     * trailing zero padding). A list that runs off the end without EOL is malformed.
     */
    public static List<AvPair> decodeList(byte[] b, int off, int len) throws NtlmException {
        if (off < 0 || len < 0 || (long) off + len > b.length) {
            throw NtlmException.malformed("AV pair list outside buffer");
        }
        List<AvPair> out = new ArrayList<>();
        int pos = off;
        int end = off + len;
        while (true) {
            if (pos + 4 > end) {
                throw NtlmException.malformed("AV pair list not terminated by MsvAvEOL");
            }
            int id = NtlmWire.u16(b, pos);
            int l = NtlmWire.u16(b, pos + 2);
            pos += 4;
            if (id == MSV_AV_EOL) {
                return out;
            }
            if (pos + l > end) {
                throw NtlmException.malformed("AV pair " + id + " length " + l + " past end");
            }
            out.add(new AvPair(id, NtlmWire.slice(b, pos, l)));
            pos += l;
            if (out.size() > 256) {
                throw NtlmException.malformed("too many AV pairs");
            }
        }
    }

    public static Optional<AvPair> find(List<AvPair> pairs, int id) {
        return pairs.stream().filter(p -> p.id == id).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvPair p && p.id == id && java.util.Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * id + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "AvPair[" + id + ", " + value.length + " bytes]";
    }
}
