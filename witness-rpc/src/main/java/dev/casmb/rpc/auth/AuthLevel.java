package dev.casmb.rpc.auth;

/** Authentication levels (C706 13.1.2.1, [MS-RPCE] 2.2.1.1.8). */
public final class AuthLevel {
    public static final int NONE = 1;
    public static final int CONNECT = 2;
    public static final int CALL = 3;
    public static final int PKT = 4;
    public static final int PKT_INTEGRITY = 5;
    public static final int PKT_PRIVACY = 6;

    private AuthLevel() {
    }

    /** Whether request/response PDUs at this level carry a verified signature. */
    public static boolean signs(int level) {
        return level >= PKT;
    }
}
