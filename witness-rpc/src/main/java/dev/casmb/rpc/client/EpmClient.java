package dev.casmb.rpc.client;

import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.epm.EndpointMapperService;
import dev.casmb.rpc.epm.TcpTower;
import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.SyntaxId;
import java.io.IOException;
import java.net.InetSocketAddress;

/** ept_map (C706 Appendix O, opnum 3) over an unauthenticated association with the endpoint mapper. */
public final class EpmClient {
    private EpmClient() {
    }

    /** The TCP port {@code iface} listens on at {@code epm}'s host, as the endpoint mapper reports it. */
    public static int map(InetSocketAddress epm, SyntaxId iface, int timeoutMs) throws IOException {
        try (RpcClientConnection c = RpcClientConnection.open(epm, EndpointMapperService.SYNTAX, null, timeoutMs)) {
            byte[] tower = new TcpTower(iface, SyntaxId.NDR20, 0, null).encode();
            NdrWriter w = new NdrWriter();
            w.nullPointer(); // object
            w.referent(); // map_tower
            w.u32(tower.length).u32(tower.length).bytes(tower).align(4);
            ContextHandle.NULL.write(w); // entry_handle
            w.u32(1); // max_towers
            byte[] resp = c.call(EndpointMapperService.OP_EPT_MAP, w.toByteArray());
            try {
                NdrReader r = new NdrReader(resp);
                ContextHandle.read(r);
                int num = r.u32();
                r.count(); // max_count
                r.count(); // offset
                int actual = r.count();
                if (num < 1 || actual < 1) throw new RpcClientException("endpoint mapper: interface " + iface.uuid() + " not registered");
                if (r.pointer() == 0) throw new RpcClientException("endpoint mapper returned a NULL tower");
                int len = r.count();
                if (r.count() != len) throw new NdrException("twr_t length mismatch");
                TcpTower t = TcpTower.decode(r.bytes(len));
                if (t.port() <= 0) throw new RpcClientException("endpoint mapper returned a tower without a TCP port");
                return t.port();
            } catch (NdrException e) {
                throw new RpcClientException("malformed ept_map response: " + e.getMessage());
            }
        }
    }
}
