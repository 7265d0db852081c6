package dev.casmb.rpc.epm;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dynamic TCP endpoints known to the endpoint mapper: interface UUID + major version -> TCP port.
 * The IP returned is always the one the client used to reach the EPM (like Samba's _epm_Map).
 */
public final class EndpointRegistry {
    private record Key(UUID uuid, int major) {
    }

    private final Map<Key, Integer> ports = new ConcurrentHashMap<>();

    public void register(UUID iface, int major, int tcpPort) {
        ports.put(new Key(iface, major), tcpPort);
    }

    public void unregister(UUID iface, int major) {
        ports.remove(new Key(iface, major));
    }

    /** Returns the port, or -1 if not registered. */
    public int lookup(UUID iface, int major) {
        return ports.getOrDefault(new Key(iface, major), -1);
    }
}
