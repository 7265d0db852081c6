package dev.casmb.ha.consensus;

/** A log entry, command or snapshot whose bytes do not decode (bad magic, length or checksum). */
public class CorruptDataException extends RuntimeException {
    public CorruptDataException(String message) {
        super(message);
    }
}
