package dev.casmb.smb.fsctl;

import java.util.HashMap;
import java.util.Map;

/** FSCTL codes (MS-FSCC 2.3, MS-SMB2 2.2.31) and the handler of each. */
public final class Fsctls {
    public static final int PIPE_TRANSCEIVE = 0x0011C017;
    public static final int VALIDATE_NEGOTIATE_INFO = 0x00140204;
    public static final int QUERY_NETWORK_INTERFACE_INFO = 0x001401FC;
    public static final int SRV_REQUEST_RESUME_KEY = 0x00140078;
    public static final int SRV_COPYCHUNK = 0x001440F2;
    public static final int SRV_COPYCHUNK_WRITE = 0x001480F2;
    public static final int LMR_REQUEST_RESILIENCY = 0x001401D4;
    public static final int SET_SPARSE = 0x000900C4;
    public static final int SET_ZERO_DATA = 0x000980C8;
    public static final int QUERY_ALLOCATED_RANGES = 0x000940CF;
    public static final int GET_REPARSE_POINT = 0x000900A8;
    public static final int GET_OBJECT_ID = 0x0009009C;
    public static final int CREATE_OR_GET_OBJECT_ID = 0x000900C0;
    public static final int GET_COMPRESSION = 0x0009003C;
    public static final int SET_COMPRESSION = 0x0009C040;

    private final Map<Integer, FsctlHandler> handlers = new HashMap<>();

    public Fsctls() {
        register(new PipeTransceive(), PIPE_TRANSCEIVE);
        register(new ValidateNegotiate(), VALIDATE_NEGOTIATE_INFO);
        register(new NetworkInterfaces(), QUERY_NETWORK_INTERFACE_INFO);
        register(new CopyChunk(), SRV_REQUEST_RESUME_KEY, SRV_COPYCHUNK, SRV_COPYCHUNK_WRITE);
        register(new Resiliency(), LMR_REQUEST_RESILIENCY);
        register(new Sparse(), SET_SPARSE, SET_ZERO_DATA, QUERY_ALLOCATED_RANGES);
        register(new Compression(), GET_COMPRESSION, SET_COMPRESSION);
        register(new ObjectIds(), GET_REPARSE_POINT, GET_OBJECT_ID, CREATE_OR_GET_OBJECT_ID);
    }

    private void register(FsctlHandler h, int... codes) {
        for (int c : codes) handlers.put(c, h);
    }

    /** The handler of a code, or null (STATUS_INVALID_DEVICE_REQUEST, as Windows). */
    public FsctlHandler get(int code) { return handlers.get(code); }
}
