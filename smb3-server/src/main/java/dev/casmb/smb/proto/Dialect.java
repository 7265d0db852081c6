package dev.casmb.smb.proto;

/** SMB2 dialect revisions (MS-SMB2 2.2.3). */
public final class Dialect {
    private Dialect() {}
    public static final int SMB_2_0_2 = 0x0202;
    public static final int SMB_2_1 = 0x0210;
    public static final int SMB_3_0 = 0x0300;
    public static final int SMB_3_0_2 = 0x0302;
    public static final int SMB_3_1_1 = 0x0311;
    public static final int WILDCARD = 0x02FF;
    /** Supported, most preferred first. */
    public static final int[] SUPPORTED = {SMB_3_1_1, SMB_3_0_2, SMB_3_0, SMB_2_1, SMB_2_0_2};

    public static boolean isSmb3(int d) { return d >= SMB_3_0 && d != WILDCARD; }

    public static String name(int d) {
        return switch (d) {
            case SMB_2_0_2 -> "2.0.2";
            case SMB_2_1 -> "2.1";
            case SMB_3_0 -> "3.0";
            case SMB_3_0_2 -> "3.0.2";
            case SMB_3_1_1 -> "3.1.1";
            case WILDCARD -> "2.???";
            default -> String.format("0x%04X", d);
        };
    }
}
