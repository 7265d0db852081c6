package dev.casmb.client;

import java.io.IOException;

/** A request answered with an NTSTATUS error. */
public class SmbStatusException extends IOException {
    private final int status;

    public SmbStatusException(int status, String what) {
        super(what + ": status 0x" + String.format("%08X", status));
        this.status = status;
    }

    public int status() { return status; }
}
