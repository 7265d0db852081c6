package dev.casmb.rpc;

import dev.casmb.rpc.pdu.BindPdu;
import dev.casmb.rpc.pdu.ContextElement;
import dev.casmb.rpc.pdu.LittleEndian;
import dev.casmb.rpc.pdu.PduEncoder;
import dev.casmb.rpc.pdu.PduType;
import dev.casmb.rpc.pdu.PfcFlags;
import dev.casmb.rpc.pdu.RawPdu;
import dev.casmb.rpc.pdu.RequestPdu;
import dev.casmb.rpc.pdu.SyntaxId;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Drives an {@link RpcConnection} in-process with a direct executor and records what it sends. */
public final class TestClient {
    public final List<byte[]> sent = new ArrayList<>();
    public boolean closed;
    public final RpcConnection conn;
    private int callId = 1;

    public TestClient(RpcServer server) {
        this(server, "10.0.0.9");
    }

    public TestClient(RpcServer server, String clientIp) {
        PduSink sink = new PduSink() {
            @Override
            public void send(byte[] pdu) {
                sent.add(pdu);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
        conn = server.newConnection(new TransportInfo("ncacn_ip_tcp", new InetSocketAddress("192.0.2.20", 49152),
                new InetSocketAddress(clientIp, 50000), "49152"), sink, Runnable::run);
    }

    public static byte[] bindPdu(int type, int callId, int assoc, int maxFrag, ContextElement... ctx) {
        byte[] body = new BindPdu(maxFrag, maxFrag, assoc, List.of(ctx)).encodeBody();
        return PduEncoder.encode(type, PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG, callId, body);
    }

    public RawPdu bind(SyntaxId iface) throws Exception {
        return bind(iface, 0, 5840);
    }

    public RawPdu bind(SyntaxId iface, int assoc, int maxFrag) throws Exception {
        sent.clear();
        conn.receive(bindPdu(PduType.BIND, callId++, assoc, maxFrag,
                new ContextElement(0, iface, List.of(SyntaxId.NDR20))));
        return RawPdu.decode(sent.get(0));
    }

    /** Sends a single-fragment request and returns every PDU sent in reply. */
    public List<RawPdu> call(int opnum, byte[] stub) throws Exception {
        return call(0, opnum, stub);
    }

    public List<RawPdu> call(int ctxId, int opnum, byte[] stub) throws Exception {
        sent.clear();
        conn.receive(request(callId++, ctxId, opnum, stub, PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG));
        List<RawPdu> out = new ArrayList<>();
        for (byte[] b : sent) {
            out.add(RawPdu.decode(b));
        }
        return out;
    }

    public int nextCallId() {
        return callId++;
    }

    public static byte[] request(int callId, int ctxId, int opnum, byte[] stub, int flags) {
        return PduEncoder.encode(PduType.REQUEST, flags, callId,
                new RequestPdu(stub.length, ctxId, opnum, null, stub).encodeBody());
    }

    /** Reassembles the stub of a (possibly fragmented) response. */
    public static byte[] responseStub(List<RawPdu> pdus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RawPdu p : pdus) {
            if (p.type() != PduType.RESPONSE) {
                throw new AssertionError("not a response: PTYPE " + p.type() + " status "
                        + (p.type() == PduType.FAULT ? Integer.toHexString(p.u32(8)) : ""));
            }
            out.write(p.wire(), p.bodyOffset() + 8, p.bodyLength() - 8);
        }
        return out.toByteArray();
    }

    public static int faultStatus(RawPdu p) {
        if (p.type() != PduType.FAULT) {
            throw new AssertionError("not a fault: PTYPE " + p.type());
        }
        return LittleEndian.u32(p.wire(), 24);
    }
}
