package dev.casmb.rpc.client;

import dev.casmb.rpc.swn.WitnessConstants;

/** An MS-SWN call that completed with a Win32 error (e.g. ERROR_TIMEOUT from AsyncNotify, MS-SWN 3.1.4.4). */
public final class WitnessStatusException extends RpcClientException {
    private final int status;

    public WitnessStatusException(String op, int status) {
        super(String.format("%s: WERROR 0x%x%s", op, status, status == WitnessConstants.ERROR_TIMEOUT ? " (ERROR_TIMEOUT)" : ""));
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean timeout() {
        return status == WitnessConstants.ERROR_TIMEOUT;
    }
}
