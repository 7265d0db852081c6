package dev.casmb.ha.admin;

/**
 * A failure that is shown to the administrator as {@code Error: command failed: <message>}.
 * Backends throw it for expected failures ("takeover not possible: partner is down"); the message
 * must be readable on its own, it is never accompanied by a stack trace.
 */
public class AdminException extends RuntimeException {
    public AdminException(String message) {
        super(message);
    }

    public AdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
