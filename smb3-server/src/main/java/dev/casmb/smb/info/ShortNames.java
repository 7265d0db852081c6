package dev.casmb.smb.info;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * 8.3 alternate names (MS-FSCC 2.1.5.2.1). Names that already fit 8.3 are their own short name;
 * other names get a stateless, hash-based mangled name ({@code PREF~XYZ.EXT}) so that directory
 * listings and FileAlternateNameInformation agree without a name table.
 */
public final class ShortNames {
    private static final String ILLEGAL = "\"*+,/:;<=>?[\\]| ";
    private static final char[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private ShortNames() {}

    public static boolean isValid83(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) return false;
        int dot = name.indexOf('.');
        if (dot != name.lastIndexOf('.')) return false;
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') continue;
            if (c < 0x21 || c > 0x7E || ILLEGAL.indexOf(c) >= 0) return false;
        }
        return true;
    }

    /** The short name clients see for {@code name} (upper case). Empty for "." and "..". */
    public static String of(String name) {
        if (name.equals(".") || name.equals("..")) return "";
        if (isValid83(name)) return name.toUpperCase(Locale.ROOT);
        int lastDot = name.lastIndexOf('.');
        String base = lastDot > 0 ? name.substring(0, lastDot) : name;
        String ext = lastDot > 0 ? name.substring(lastDot + 1) : "";
        String prefix = clean(base, 4);
        if (prefix.isEmpty()) prefix = "_";
        String e = clean(ext, 3);
        int h = hash(name);
        StringBuilder sb = new StringBuilder(prefix).append('~');
        for (int i = 0; i < 3; i++) {
            sb.append(BASE36[Math.floorMod(h, 36)]);
            h = Math.floorDiv(h, 36);
        }
        if (!e.isEmpty()) sb.append('.').append(e);
        return sb.toString();
    }

    private static String clean(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = Character.toUpperCase(s.charAt(i));
            if (c == '.' || c == ' ') continue;
            if (c < 0x21 || c > 0x7E || ILLEGAL.indexOf(c) >= 0) c = '_';
            sb.append(c);
        }
        return sb.toString();
    }

    private static int hash(String name) {
        // FNV-1a over the UTF-8 bytes of the upper-cased name: stable across JVMs.
        int h = 0x811C9DC5;
        for (byte b : name.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h & 0x7FFFFFFF;
    }
}
