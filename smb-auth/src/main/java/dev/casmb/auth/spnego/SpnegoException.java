package dev.casmb.auth.spnego;

/** Malformed or unacceptable SPNEGO token. */
public final class SpnegoException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpnegoException(String message) {
        super(message);
    }

    public SpnegoException(String message, Throwable cause) {
        super(message, cause);
    }
}
