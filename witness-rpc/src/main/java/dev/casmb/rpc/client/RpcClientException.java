package dev.casmb.rpc.client;

import java.io.IOException;

/** A DCE/RPC call or bind that failed at the protocol level (refused bind, malformed or unsigned reply). */
public class RpcClientException extends IOException {
    public RpcClientException(String message) {
        super(message);
    }
}
