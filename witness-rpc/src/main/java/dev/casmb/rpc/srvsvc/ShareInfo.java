package dev.casmb.rpc.srvsvc;

/**
 * One share as reported by srvsvc ([MS-SRVS] 2.2.4.22-2.2.4.24).
 *
 * @param type STYPE_* value, e.g. {@link #STYPE_DISKTREE} or {@link #STYPE_IPC} | {@link #STYPE_SPECIAL}
 * @param path local path in "C:\\..." style or "" (level 2)
 */
public record ShareInfo(String name, int type, String comment, String path) {
    public static final int STYPE_DISKTREE = 0x00000000;
    public static final int STYPE_IPC = 0x00000003;
    public static final int STYPE_SPECIAL = 0x80000000;
    public static final int STYPE_CLUSTER_SOFS = 0x04000000;

    public static ShareInfo disk(String name, String comment, String path) {
        return new ShareInfo(name, STYPE_DISKTREE, comment, path);
    }

    public static ShareInfo ipc() {
        return new ShareInfo("IPC$", STYPE_IPC | STYPE_SPECIAL, "IPC Service", "");
    }
}
