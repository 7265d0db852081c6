package dev.casmb.lif.driver;

import dev.casmb.lif.model.LifAddress;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The addresses plumbed by {@link LoopbackLifDriver}s that share this segment: models one L2
 * network, so two "nodes" in one JVM cannot both hold an address (like a duplicate IP on a LAN).
 */
public final class LoopbackSegment {

    private final Map<InetAddress, String> owners = new HashMap<>();

    /** Claims the address for {@code owner}; false if someone else holds it. Re-claiming is fine. */
    synchronized boolean claim(LifAddress address, String owner) {
        String current = owners.putIfAbsent(address.address(), owner);
        return current == null || current.equals(owner);
    }

    synchronized String owner(LifAddress address) {
        return owners.get(address.address());
    }

    synchronized void release(LifAddress address, String owner) {
        owners.remove(address.address(), owner);
    }

    public synchronized boolean isPlumbed(LifAddress address) {
        return owners.containsKey(address.address());
    }
}
