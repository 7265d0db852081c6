package dev.casmb.smb.info;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** A Windows security identifier (MS-DTYP 2.4.2) with its binary form. */
public record Sid(long authority, int[] subAuthorities) {
    public static final Sid EVERYONE = new Sid(1, new int[] {0});
    public static final Sid AUTHENTICATED_USERS = new Sid(5, new int[] {11});
    public static final Sid LOCAL_SYSTEM = new Sid(5, new int[] {18});
    public static final Sid BUILTIN_ADMINISTRATORS = new Sid(5, new int[] {32, 544});
    public static final int RID_DOMAIN_USERS = 513;

    public Sid {
        subAuthorities = subAuthorities.clone();
    }

    public int size() { return 8 + 4 * subAuthorities.length; }

    public void write(LeWriter w) {
        w.u8(1).u8(subAuthorities.length);
        for (int i = 5; i >= 0; i--) w.u8((int) (authority >>> (8 * i)));
        for (int s : subAuthorities) w.u32(s);
    }

    public byte[] toBytes() {
        LeWriter w = new LeWriter(size());
        write(w);
        return w.toBytes();
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("S-1-").append(authority);
        for (int s : subAuthorities) sb.append('-').append(Integer.toUnsignedString(s));
        return sb.toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Sid s && s.authority == authority && Arrays.equals(s.subAuthorities, subAuthorities);
    }

    @Override public int hashCode() { return Long.hashCode(authority) * 31 + Arrays.hashCode(subAuthorities); }

    /**
     * The server's machine domain S-1-5-21-a-b-c, with a, b, c derived from the NetBIOS name so that
     * they are stable across restarts and cluster nodes with the same name.
     */
    public static Sid machineDomain(String netbiosName) {
        byte[] h = sha256(("casmb-domain:" + netbiosName.toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
        int[] subs = new int[4];
        subs[0] = 21;
        for (int i = 0; i < 3; i++) {
            subs[i + 1] = ((h[4 * i] & 0xFF) | (h[4 * i + 1] & 0xFF) << 8 | (h[4 * i + 2] & 0xFF) << 16
                | (h[4 * i + 3] & 0x7F) << 24);
        }
        return new Sid(5, subs);
    }

    /** This SID with one more sub-authority (a RID). */
    public Sid withRid(int rid) {
        int[] s = Arrays.copyOf(subAuthorities, subAuthorities.length + 1);
        s[s.length - 1] = rid;
        return new Sid(authority, s);
    }

    /** A stable RID >= 1000 for a user name (case-insensitive). */
    public static int userRid(String user) {
        byte[] h = sha256(("casmb-user:" + (user == null ? "" : user.toLowerCase(Locale.ROOT)))
            .getBytes(StandardCharsets.UTF_8));
        int v = (h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16 | (h[3] & 0x3F) << 24;
        return 1000 + (v % 0x3FFFFC00);
    }

    /** A stable RID >= 1000 for a configured group name (case-insensitive), distinct from user RIDs' space. */
    public static int groupRid(String group) {
        byte[] h = sha256(("casmb-group:" + (group == null ? "" : group.toLowerCase(Locale.ROOT)))
            .getBytes(StandardCharsets.UTF_8));
        int v = (h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16 | (h[3] & 0x3F) << 24;
        return 1000 + (v % 0x3FFFFC00);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(in);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
