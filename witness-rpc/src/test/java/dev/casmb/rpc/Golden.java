package dev.casmb.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden vectors (copied from Samba 4.17's NDR marshaller output) and hex helpers for tests. */
public final class Golden {
    private static Map<String, List<byte[]>> sections;

    private Golden() {
    }

    public static byte[] hex(String s) {
        String c = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] out = new byte[c.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(c.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    public static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x ", x));
        }
        return sb.toString().trim();
    }

    /** Section whose "== " title starts with {@code prefix}; each "--" sub-part is a separate element. */
    public static List<byte[]> parts(String prefix) {
        load();
        for (var e : sections.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("no golden vector " + prefix);
    }

    public static byte[] vector(String prefix) {
        return parts(prefix).get(0);
    }

    private static synchronized void load() {
        if (sections != null) {
            return;
        }
        sections = new LinkedHashMap<>();
        try (InputStream in = Golden.class.getResourceAsStream("/golden_vectors.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<byte[]> cur = null;
            StringBuilder hex = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("== ")) {
                    if (cur != null && hex.length() > 0) {
                        cur.add(hex(hex.toString()));
                    }
                    cur = new ArrayList<>();
                    hex = new StringBuilder();
                    sections.put(line.substring(3), cur);
                } else if (line.startsWith("--")) {
                    if (cur != null && hex.length() > 0) {
                        cur.add(hex(hex.toString()));
                    }
                    hex = new StringBuilder();
                } else if (!line.startsWith("#") && cur != null) {
                    hex.append(line).append(' ');
                }
            }
            if (cur != null && hex.length() > 0) {
                cur.add(hex(hex.toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
