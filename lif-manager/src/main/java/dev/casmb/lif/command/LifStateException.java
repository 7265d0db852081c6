package dev.casmb.lif.command;

/** A command that cannot be applied to the current state (unknown LIF, address conflict, ...). */
public class LifStateException extends RuntimeException {
    public LifStateException(String message) {
        super(message);
    }
}
