package dev.casmb.rpc.epm;

import dev.casmb.rpc.RpcCallContext;
import dev.casmb.rpc.RpcFault;
import dev.casmb.rpc.RpcInterface;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.SyntaxId;
import java.net.InetAddress;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Endpoint mapper e1af8308-5d1f-11c9-91a4-08002b14a0fa v3.0 (C706 Appendix O, [MS-RPCE] 2.2.1.2),
 * unauthenticated, implementing ept_map (opnum 3) for ncacn_ip_tcp towers with NDR 2.0.
 */
public final class EndpointMapperService implements RpcInterface {
    public static final SyntaxId SYNTAX =
            new SyntaxId(UUID.fromString("e1af8308-5d1f-11c9-91a4-08002b14a0fa"), 3, 0);
    public static final int OP_EPT_MAP = 3;
    public static final int EPT_S_NOT_REGISTERED = 0x16C9A0D6;
    private static final int MAX_TOWERS_CAP = 64;

    private final EndpointRegistry registry;

    public EndpointMapperService(EndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    @Override
    public CompletableFuture<byte[]> invoke(int opnum, byte[] stub, RpcCallContext ctx) {
        if (opnum != OP_EPT_MAP) {
            throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR);
        }
        MapRequest req = MapRequest.decode(stub);
        InetAddress local = ctx.transport().local() == null ? null : ctx.transport().local().getAddress();
        return CompletableFuture.completedFuture(map(req, local));
    }

    /** Decoded ept_map request: [in, ptr] object, [in, ptr] map_tower, [in, out] entry_handle, max_towers. */
    public record MapRequest(UUID object, byte[] tower, ContextHandle entryHandle, int maxTowers) {
        public static MapRequest decode(byte[] stub) {
            NdrReader r = new NdrReader(stub);
            UUID object = r.pointer() != 0 ? r.uuid() : null;
            byte[] tower = null;
            if (r.pointer() != 0) {
                int max = r.count();
                int len = r.count();
                if (len != max) {
                    throw new NdrException("twr_t length mismatch");
                }
                tower = r.bytes(len);
            }
            r.align(4);
            ContextHandle h = ContextHandle.read(r);
            int maxTowers = r.u32();
            return new MapRequest(object, tower, h, maxTowers);
        }
    }

    byte[] map(MapRequest req, InetAddress localIp) {
        int max = Math.max(0, Math.min(req.maxTowers(), MAX_TOWERS_CAP));
        byte[] result = null;
        if (req.tower() != null && max > 0) {
            TcpTower t;
            try {
                t = TcpTower.decode(req.tower());
            } catch (NdrException e) {
                t = null;
            }
            if (t != null && t.port() >= 0 && t.transfer().equals(SyntaxId.NDR20)) {
                int port = registry.lookup(t.iface().uuid(), t.iface().major());
                if (port > 0) {
                    result = new TcpTower(t.iface(), SyntaxId.NDR20, port, localIp).encode();
                }
            }
        }
        NdrWriter w = new NdrWriter();
        ContextHandle.NULL.write(w);
        w.u32(result == null ? 0 : 1);
        w.u32(max).u32(0).u32(result == null ? 0 : 1);
        if (result != null) {
            w.u32(1); // full-pointer referent id, as Windows/Samba use for [ptr]
            w.u32(result.length).u32(result.length).bytes(result).align(4);
        }
        w.u32(result == null ? EPT_S_NOT_REGISTERED : 0);
        return w.toByteArray();
    }
}
