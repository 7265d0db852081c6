package dev.casmb.rpc.pdu;

/** Fault status codes (C706 Appendix E, [MS-RPCE] 2.2.2.6 / 3.1.1.5.5, Windows error codes). */
public final class FaultStatus {
    public static final int ACCESS_DENIED = 0x00000005;
    public static final int NCA_S_OP_RNG_ERROR = 0x1C010002;
    public static final int NCA_S_UNK_IF = 0x1C010003;
    public static final int NCA_S_PROTO_ERROR = 0x1C01000B;
    public static final int NCA_S_FAULT_CANCEL = 0x1C00000D;
    public static final int NCA_S_FAULT_CONTEXT_MISMATCH = 0x1C00001A;
    public static final int NCA_S_FAULT_INVALID_PRES_CONTEXT_ID = 0x1C00001C;
    public static final int NCA_S_FAULT_REMOTE_NO_MEMORY = 0x1C000018;
    public static final int RPC_X_BAD_STUB_DATA = 0x000006F7;
    public static final int RPC_S_CALL_FAILED = 0x000006BE;
    public static final int RPC_S_SEC_PKG_ERROR = 0x00000721;

    private FaultStatus() {
    }
}
