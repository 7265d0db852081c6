package dev.casmb.ha.consensus;

/**
 * The command was committed but the state machine threw while applying it (deterministically on every
 * replica). The state machine's message is carried over.
 */
public class CommandRejectedException extends RuntimeException {
    public CommandRejectedException(String message) {
        super(message);
    }
}
