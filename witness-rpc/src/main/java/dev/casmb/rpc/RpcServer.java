package dev.casmb.rpc;

import dev.casmb.rpc.assoc.AssociationRegistry;
import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.pdu.SyntaxId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Transport-neutral DCE/RPC server runtime: the registered interfaces, the association groups, the
 * security provider and the limits. Transports create one {@link RpcConnection} per connection/pipe.
 */
public final class RpcServer {
    private final List<RpcInterface> interfaces = new CopyOnWriteArrayList<>();
    private final AssociationRegistry associations;
    private final RpcSecurityProvider security;
    private final RpcLimits limits;

    public RpcServer(RpcSecurityProvider security, RpcLimits limits) {
        this.security = security;
        this.limits = limits;
        this.associations = new AssociationRegistry(limits.maxAssociations(), limits.maxHandlesPerAssociation());
    }

    public RpcServer register(RpcInterface iface) {
        interfaces.add(iface);
        return this;
    }

    /** Finds an interface by abstract syntax: same UUID and major version, minor not above ours. */
    public RpcInterface find(SyntaxId abs) {
        for (RpcInterface i : interfaces) {
            SyntaxId s = i.syntax();
            if (s.uuid().equals(abs.uuid()) && s.major() == abs.major() && abs.minor() <= s.minor()) {
                return i;
            }
        }
        return null;
    }

    public AssociationRegistry associations() {
        return associations;
    }

    public RpcSecurityProvider security() {
        return security;
    }

    public RpcLimits limits() {
        return limits;
    }

    /**
     * Creates a connection. All calls into it must run on {@code serial}, which must execute tasks one at a
     * time in submission order (a Netty event loop, or a lock-guarded direct executor for pipes).
     */
    public RpcConnection newConnection(TransportInfo transport, PduSink sink, Executor serial) {
        return new RpcConnection(this, transport, sink, serial);
    }
}
