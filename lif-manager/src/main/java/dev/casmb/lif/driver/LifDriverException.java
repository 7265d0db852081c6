package dev.casmb.lif.driver;

/** A driver could not plumb or unplumb an address; {@link #kind()} says why. */
public class LifDriverException extends RuntimeException {

    public enum Kind {
        ADDRESS_IN_USE,
        NO_SUCH_PORT,
        PERMISSION_DENIED,
        INVALID_ADDRESS,
        COMMAND_FAILED
    }

    private final Kind kind;

    public LifDriverException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LifDriverException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
