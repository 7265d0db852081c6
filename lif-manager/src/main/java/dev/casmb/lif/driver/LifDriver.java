package dev.casmb.lif.driver;

import dev.casmb.lif.model.LifAddress;

/**
 * Puts a LIF address on a network port of this node, or takes it off. Implementations must leave
 * nothing half-done when they throw.
 */
public interface LifDriver {

    /**
     * Plumbs {@code address} on {@code port} and announces it (gratuitous ARP / unsolicited NA).
     *
     * @throws LifDriverException with a clear reason (address in use, no such port, no permission, ...)
     */
    void plumb(LifAddress address, String port);

    /**
     * Removes {@code address} from {@code port}. Removing an address that is not there is not an error.
     *
     * @throws LifDriverException if it is there and cannot be removed
     */
    void unplumb(LifAddress address, String port);

    /** Short description for logs, e.g. "loopback" or "linux (ip netns exec casmbt-na)". */
    String describe();
}
