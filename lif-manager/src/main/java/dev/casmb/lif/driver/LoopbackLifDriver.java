package dev.casmb.lif.driver;

import dev.casmb.lif.driver.LifDriverException.Kind;
import dev.casmb.lif.model.LifAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * "Plumbs" addresses in 127.0.0.0/8. Linux answers on all of 127/8 without configuration, so this
 * needs no privilege: plumbing is bookkeeping plus validation (the address is in 127/8 and not held
 * by another driver on the same {@link LoopbackSegment}). For tests and the demo.
 */
public final class LoopbackLifDriver implements LifDriver {

    private static final Logger log = LoggerFactory.getLogger(LoopbackLifDriver.class);

    private final String owner;
    private final LoopbackSegment segment;
    private final Set<String> plumbed = new HashSet<>();

    /** A driver with its own private segment. */
    public LoopbackLifDriver(String owner) {
        this(owner, new LoopbackSegment());
    }

    /** A driver sharing {@code segment} with the other "nodes" of this JVM. */
    public LoopbackLifDriver(String owner, LoopbackSegment segment) {
        this.owner = owner;
        this.segment = segment;
    }

    @Override
    public synchronized void plumb(LifAddress address, String port) {
        if (!address.isIpv4Loopback()) {
            throw new LifDriverException(Kind.INVALID_ADDRESS, "loopback driver on " + owner
                    + " can only plumb 127.0.0.0/8 addresses, not " + address);
        }
        String key = address.host();
        if (plumbed.contains(key)) {
            throw new LifDriverException(Kind.ADDRESS_IN_USE, address.host() + " is already plumbed on " + owner);
        }
        if (!segment.claim(address, owner)) {
            throw new LifDriverException(Kind.ADDRESS_IN_USE, address.host() + " is already in use by "
                    + segment.owner(address));
        }
        plumbed.add(key);
        log.debug("loopback {}: plumbed {} on {}", owner, address, port);
    }

    @Override
    public synchronized void unplumb(LifAddress address, String port) {
        if (plumbed.remove(address.host())) {
            segment.release(address, owner);
            log.debug("loopback {}: unplumbed {} from {}", owner, address, port);
        }
    }

    public synchronized boolean isPlumbed(LifAddress address) {
        return plumbed.contains(address.host());
    }

    @Override
    public String describe() {
        return "loopback(" + owner + ")";
    }
}
