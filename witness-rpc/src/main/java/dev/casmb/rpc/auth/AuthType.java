package dev.casmb.rpc.auth;

/** auth_type values of the sec_trailer ([MS-RPCE] 2.2.1.1.7). */
public final class AuthType {
    public static final int NONE = 0;
    public static final int GSS_NEGOTIATE = 9;
    public static final int WINNT = 10;
    public static final int GSS_KERBEROS = 16;
    public static final int NETLOGON = 68;

    private AuthType() {
    }
}
