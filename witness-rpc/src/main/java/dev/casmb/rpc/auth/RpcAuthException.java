package dev.casmb.rpc.auth;

/** Authentication failed (bad token, bad signature); the runtime faults or naks and drops the context. */
public final class RpcAuthException extends Exception {
    public RpcAuthException(String message) {
        super(message);
    }

    public RpcAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
