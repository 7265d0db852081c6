package dev.casmb.smb.durable;

/** A persisted or replicated handle record (or log entry) failed validation. */
public final class CorruptRecordException extends Exception {
    public CorruptRecordException(String message) {
        super(message);
    }
}
