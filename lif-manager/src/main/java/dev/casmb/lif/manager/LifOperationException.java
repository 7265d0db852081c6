package dev.casmb.lif.manager;

/** A LIF operation did not reach its goal (rolled back, target failed, timed out). */
public class LifOperationException extends RuntimeException {
    public LifOperationException(String message) {
        super(message);
    }
}
