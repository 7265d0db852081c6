package dev.casmb.rpc.ndr;

/** Malformed or truncated NDR stub data; the runtime maps it to the RPC_X_BAD_STUB_DATA fault. */
public final class NdrException extends RuntimeException {
    public NdrException(String message) {
        super(message);
    }
}
