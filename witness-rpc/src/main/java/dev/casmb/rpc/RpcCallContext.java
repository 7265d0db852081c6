package dev.casmb.rpc;

import dev.casmb.rpc.assoc.AssociationGroup;
import dev.casmb.rpc.auth.AuthInfo;

/** Per-call view of the caller for services: association (context handles), identity, transport. */
public record RpcCallContext(AssociationGroup association, AuthInfo auth, TransportInfo transport, int callId) {
}
