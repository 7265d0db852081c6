package dev.casmb.rpc;

import dev.casmb.rpc.auth.AuthLevel;
import dev.casmb.rpc.pdu.SyntaxId;
import java.util.concurrent.CompletableFuture;

/**
 * A server interface (C706 "manager"). {@link #invoke} decodes the NDR 2.0 request stub, runs the
 * operation and returns the response stub. It must never block: long-pending operations (witness
 * AsyncNotify) return an incomplete future that is completed later from any thread; the runtime hops
 * back to the connection's executor. Cancellation (co_cancel/orphaned/disconnect) cancels the future.
 * Throw {@link RpcFault} or {@link dev.casmb.rpc.ndr.NdrException} for faults.
 */
public interface RpcInterface {

    /** Interface UUID and version; binds are accepted for the same major and minor <= this minor. */
    SyntaxId syntax();

    /** Minimum auth level for requests; lower levels get fault ERROR_ACCESS_DENIED. */
    default int minAuthLevel() {
        return AuthLevel.NONE;
    }

    CompletableFuture<byte[]> invoke(int opnum, byte[] stub, RpcCallContext ctx);
}
