package dev.casmb.rpc.assoc;

import java.net.InetAddress;

/**
 * An association group (C706 ch. 12 "association group", [MS-RPCE] 3.3.1.1.1): the set of
 * connections a client bound with the same assoc_group_id. Owns the context handles; dies when its last
 * connection closes.
 */
public final class AssociationGroup {
    private final int id;
    private final InetAddress clientAddress;
    private final ContextHandleTable handles;
    private int connections;

    AssociationGroup(int id, InetAddress clientAddress, int maxHandles) {
        this.id = id;
        this.clientAddress = clientAddress;
        this.handles = new ContextHandleTable(maxHandles);
    }

    public int id() {
        return id;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    public ContextHandleTable handles() {
        return handles;
    }

    synchronized void retain() {
        connections++;
    }

    /** Returns true when this was the last connection. */
    synchronized boolean release() {
        return --connections == 0;
    }

    public synchronized int connectionCount() {
        return connections;
    }
}
