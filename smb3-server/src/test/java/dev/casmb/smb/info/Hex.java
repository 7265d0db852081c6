package dev.casmb.smb.info;

import java.util.HexFormat;

final class Hex {
    private Hex() {}

    static byte[] of(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    static String str(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
