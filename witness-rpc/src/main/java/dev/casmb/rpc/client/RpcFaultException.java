package dev.casmb.rpc.client;

/** The server answered a call with a fault PDU (C706 12.6.4.7); {@link #status()} is the fault status. */
public final class RpcFaultException extends RpcClientException {
    private final int status;

    public RpcFaultException(int status) {
        super(String.format("RPC fault 0x%08x", status));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
