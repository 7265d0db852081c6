package dev.casmb.smb.proto;

/** Lease state bits (MS-SMB2 2.2.13.2.8): read, handle and write caching. */
public final class LeaseState {
    public static final int NONE = 0, R = 0x1, H = 0x2, W = 0x4;
    public static final int RH = R | H, RW = R | W, RWH = R | W | H;

    private LeaseState() {}

    /**
     * The state a file lease request can be granted at most: R, RH, RW or RWH. W or H without R (and any
     * unknown bit) is not a valid file lease, and such a request is granted no caching (as Windows).
     */
    public static int normalize(int requested) {
        int s = requested & RWH;
        return (s & R) == 0 ? NONE : s;
    }

    /** True if {@code a} holds every bit of {@code b}. */
    public static boolean contains(int a, int b) {
        return (a & b) == b;
    }

    public static String name(int s) {
        if (s == 0) return "NONE";
        StringBuilder b = new StringBuilder();
        if ((s & R) != 0) b.append('R');
        if ((s & W) != 0) b.append('W');
        if ((s & H) != 0) b.append('H');
        return b.toString();
    }
}
