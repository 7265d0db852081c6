package dev.casmb.rpc.clusapi;

import dev.casmb.rpc.RpcCallContext;
import dev.casmb.rpc.RpcFault;
import dev.casmb.rpc.RpcInterface;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.assoc.ContextHandleTable;
import dev.casmb.rpc.auth.AuthLevel;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.SyntaxId;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal MS-CMRP (clusapi, b97db8b2-4c63-11cf-bff6-08002be23f2f v3.0) subset on the witness endpoint:
 * OpenResource (0x08), CloseResource (0x0B), GetResourceState (0x0C), OnlineResource (0x11) and
 * OfflineResource (0x12), mapped onto {@link ClusterResources}. Enough for smbtorture's rpc.witness
 * AsyncNotify test to toggle the CIFS server resource; every other opnum faults with nca_s_op_rng_error.
 * Resource handles are context handles of the caller's association. Requires packet integrity.
 */
public final class ClusapiService implements RpcInterface {
    public static final SyntaxId SYNTAX =
            new SyntaxId(UUID.fromString("b97db8b2-4c63-11cf-bff6-08002be23f2f"), 3, 0);

    public static final int OP_OPEN_RESOURCE = 0x08;
    public static final int OP_CLOSE_RESOURCE = 0x0B;
    public static final int OP_GET_RESOURCE_STATE = 0x0C;
    public static final int OP_ONLINE_RESOURCE = 0x11;
    public static final int OP_OFFLINE_RESOURCE = 0x12;

    static final int ERROR_SUCCESS = 0;
    static final int ERROR_INVALID_HANDLE = 6;
    static final int ERROR_NO_SYSTEM_RESOURCES = 1450;
    /** ERROR_RESOURCE_NOT_FOUND ([MS-CMRP] 3.1.4.2.9). */
    static final int ERROR_RESOURCE_NOT_FOUND = 5007;

    private final ClusterResources resources;
    private final boolean requireIntegrity;

    public ClusapiService(ClusterResources resources) {
        this(resources, true);
    }

    /** @param requireIntegrity false only in tests without an authentication provider */
    public ClusapiService(ClusterResources resources, boolean requireIntegrity) {
        this.resources = resources;
        this.requireIntegrity = requireIntegrity;
    }

    /** A resource handle's server state. */
    private record Resource(String name) implements ContextHandleTable.HandleState {
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    @Override
    public int minAuthLevel() {
        return requireIntegrity ? AuthLevel.PKT : AuthLevel.NONE;
    }

    @Override
    public CompletableFuture<byte[]> invoke(int opnum, byte[] stub, RpcCallContext ctx) {
        NdrReader r = new NdrReader(stub);
        byte[] out = switch (opnum) {
            case OP_OPEN_RESOURCE -> open(r.wstring(), ctx);
            case OP_CLOSE_RESOURCE -> close(ContextHandle.read(r), ctx);
            case OP_GET_RESOURCE_STATE -> getState(ContextHandle.read(r), ctx);
            case OP_ONLINE_RESOURCE -> toggle(ContextHandle.read(r), ctx, true);
            case OP_OFFLINE_RESOURCE -> toggle(ContextHandle.read(r), ctx, false);
            default -> throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR);
        };
        return CompletableFuture.completedFuture(out);
    }

    /** OpenResource: [out] Status, [out] rpc_status, [out] HRES_RPC hResource. */
    private byte[] open(String name, RpcCallContext ctx) {
        NdrWriter w = new NdrWriter();
        String res = name == null || name.length() > 256 ? null : resources.resolve(name);
        if (res == null) {
            w.u32(ERROR_RESOURCE_NOT_FOUND).u32(ERROR_SUCCESS);
            ContextHandle.NULL.write(w);
            return w.toByteArray();
        }
        ContextHandle h = ctx.association().handles().create(new Resource(res));
        w.u32(h == null ? ERROR_NO_SYSTEM_RESOURCES : ERROR_SUCCESS).u32(ERROR_SUCCESS);
        (h == null ? ContextHandle.NULL : h).write(w);
        return w.toByteArray();
    }

    private Resource lookup(ContextHandle h, RpcCallContext ctx) {
        return ctx.association().handles().get(h) instanceof Resource res ? res : null;
    }

    /** CloseResource: [in,out] HRES_RPC, returns WERROR. */
    private byte[] close(ContextHandle h, RpcCallContext ctx) {
        NdrWriter w = new NdrWriter();
        if (lookup(h, ctx) == null) {
            h.write(w);
            return w.u32(ERROR_INVALID_HANDLE).toByteArray();
        }
        ctx.association().handles().remove(h);
        ContextHandle.NULL.write(w);
        return w.u32(ERROR_SUCCESS).toByteArray();
    }

    /** GetResourceState: [out] State, [out,string] NodeName, [out,string] GroupName, [out] rpc_status, WERROR. */
    private byte[] getState(ContextHandle h, RpcCallContext ctx) {
        Resource res = lookup(h, ctx);
        NdrWriter w = new NdrWriter();
        if (res == null) {
            return w.u32(ClusterResources.STATE_UNKNOWN).nullPointer().nullPointer().u32(ERROR_SUCCESS)
                    .u32(ERROR_INVALID_HANDLE).toByteArray();
        }
        w.u32(resources.state(res.name()));
        w.uniqueWString(orEmpty(resources.ownerNode(res.name())));
        w.align(4);
        w.uniqueWString(orEmpty(resources.group(res.name())));
        w.align(4);
        return w.u32(ERROR_SUCCESS).u32(ERROR_SUCCESS).toByteArray();
    }

    /** OnlineResource / OfflineResource: [out] rpc_status, WERROR. */
    private byte[] toggle(ContextHandle h, RpcCallContext ctx, boolean online) {
        Resource res = lookup(h, ctx);
        NdrWriter w = new NdrWriter();
        if (res == null) {
            return w.u32(ERROR_SUCCESS).u32(ERROR_INVALID_HANDLE).toByteArray();
        }
        int status = online ? resources.online(res.name()) : resources.offline(res.name());
        return w.u32(ERROR_SUCCESS).u32(status).toByteArray();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
