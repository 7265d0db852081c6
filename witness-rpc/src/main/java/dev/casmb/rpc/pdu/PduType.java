package dev.casmb.rpc.pdu;

/** Connection-oriented PTYPE values (C706 12.6.3.1, [MS-RPCE] 2.2.2.1). */
public final class PduType {
    public static final int REQUEST = 0;
    public static final int RESPONSE = 2;
    public static final int FAULT = 3;
    public static final int BIND = 11;
    public static final int BIND_ACK = 12;
    public static final int BIND_NAK = 13;
    public static final int ALTER_CONTEXT = 14;
    public static final int ALTER_CONTEXT_RESP = 15;
    public static final int AUTH3 = 16;
    public static final int SHUTDOWN = 17;
    public static final int CO_CANCEL = 18;
    public static final int ORPHANED = 19;

    private PduType() {
    }
}
