package dev.casmb.client;

import java.io.IOException;

/** The TCP connection (or the session or tree on it) is gone; the request may be replayed after reconnect. */
public class ConnectionLostException extends IOException {
    public ConnectionLostException(String msg) { super(msg); }

    public ConnectionLostException(String msg, Throwable cause) { super(msg, cause); }
}
