package dev.casmb.rpc.swn;

/** MS-SWN constants: versions (§1.7), opnums (§3.1.4), flags (§2.2.2), error codes (§3.1.4.x). */
public final class WitnessConstants {
    public static final int WITNESS_V1 = 0x00010001;
    public static final int WITNESS_V2 = 0x00020000;

    public static final int OP_GET_INTERFACE_LIST = 0;
    public static final int OP_REGISTER = 1;
    public static final int OP_UNREGISTER = 2;
    public static final int OP_ASYNC_NOTIFY = 3;
    public static final int OP_REGISTER_EX = 4;

    /** WITNESS_INTERFACE_INFO.Flags (§2.2.2.5). */
    public static final int INFO_IPV4_VALID = 0x1;
    public static final int INFO_IPV6_VALID = 0x2;
    public static final int INFO_WITNESS_IF = 0x4;

    /** WITNESS_INTERFACE_INFO.State (§2.2.2.5). */
    public static final int STATE_UNKNOWN = 0x0000;
    public static final int STATE_AVAILABLE = 0x0001;
    public static final int STATE_UNAVAILABLE = 0x00FF;

    /** RESP_ASYNC_NOTIFY.MessageType (§2.2.2.4). */
    public static final int RESOURCE_CHANGE = 1;
    public static final int CLIENT_MOVE = 2;
    public static final int SHARE_MOVE = 3;
    public static final int IP_CHANGE = 4;

    /** RESOURCE_CHANGE.ChangeType (§2.2.2.3). */
    public static final int RESOURCE_STATE_UNKNOWN = 0x00;
    public static final int RESOURCE_STATE_AVAILABLE = 0x01;
    public static final int RESOURCE_STATE_UNAVAILABLE = 0xFF;

    /** IPADDR_INFO.Flags (§2.2.2.1). */
    public static final int IPADDR_V4 = 0x01;
    public static final int IPADDR_V6 = 0x02;
    public static final int IPADDR_ONLINE = 0x08;
    public static final int IPADDR_OFFLINE = 0x10;

    /** WitnessrRegisterEx Flags (§3.1.4.5). */
    public static final int REGISTER_IP_NOTIFICATION = 0x1;

    public static final int ERROR_SUCCESS = 0;
    public static final int ERROR_ACCESS_DENIED = 0x5;
    public static final int ERROR_INVALID_PARAMETER = 0x57;
    public static final int ERROR_NO_MORE_ITEMS = 0x103;
    public static final int ERROR_NOT_FOUND = 0x490;
    public static final int ERROR_REVISION_MISMATCH = 0x51A;
    public static final int ERROR_NO_SYSTEM_RESOURCES = 0x5AA;
    public static final int ERROR_TIMEOUT = 0x5B4;
    public static final int ERROR_INVALID_STATE = 0x139F;

    private WitnessConstants() {
    }
}
