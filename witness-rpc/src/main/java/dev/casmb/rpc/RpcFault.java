package dev.casmb.rpc;

/** Thrown by a service (or used to complete its future) to answer a call with a fault PDU. */
public final class RpcFault extends RuntimeException {
    private final int status;

    public RpcFault(int status) {
        super(String.format("rpc fault 0x%08x", status));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
