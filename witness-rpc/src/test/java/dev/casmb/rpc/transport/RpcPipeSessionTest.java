package dev.casmb.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.RpcServer;
import dev.casmb.rpc.TestClient;
import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.ContextElement;
import dev.casmb.rpc.pdu.PduType;
import dev.casmb.rpc.pdu.RawPdu;
import dev.casmb.rpc.pdu.SyntaxId;
import dev.casmb.rpc.srvsvc.ShareInfo;
import dev.casmb.rpc.srvsvc.SrvsvcService;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ncacn_np: srvsvc NetShareEnumAll through RpcPipeSession, with split writes and short reads. */
class RpcPipeSessionTest {
    RpcServer server = new RpcServer(RpcSecurityProvider.none(), RpcLimits.defaults())
            .register(new SrvsvcService(() -> List.of(ShareInfo.disk("vol1", "v", "C:\\vol1"), ShareInfo.ipc())));

    RpcPipeSession open() {
        return new RpcPipeSession(server, "srvsvc", new InetSocketAddress("10.0.0.5", 50123),
                new InetSocketAddress("192.0.2.10", 445));
    }

    static byte[] readPdu(RpcPipeSession s) {
        byte[] first = s.read(10);
        int frag = (first[8] & 0xFF) | (first[9] & 0xFF) << 8;
        byte[] all = Arrays.copyOf(first, frag);
        int off = first.length;
        while (off < frag) {
            assertTrue(s.remainingInCurrentMessage() > 0);
            byte[] more = s.read(frag - off);
            System.arraycopy(more, 0, all, off, more.length);
            off += more.length;
        }
        return all;
    }

    @Test
    void bindAndShareEnumOverPipe() throws Exception {
        RpcPipeSession s = open();
        AtomicInteger notified = new AtomicInteger();
        s.setOutputListener(notified::incrementAndGet);
        byte[] bind = TestClient.bindPdu(PduType.BIND, 1, 0, 4280,
                new ContextElement(0, SrvsvcService.SYNTAX, List.of(SyntaxId.NDR20)));
        // the bind arrives in two SMB writes
        assertTrue(s.write(Arrays.copyOfRange(bind, 0, 7)));
        assertFalse(s.hasOutput());
        assertTrue(s.write(Arrays.copyOfRange(bind, 7, bind.length)));
        RawPdu ack = RawPdu.decode(readPdu(s));
        assertEquals(PduType.BIND_ACK, ack.type());
        assertEquals("\\PIPE\\srvsvc", new String(ack.wire(), 26, 12, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, notified.get());

        NdrWriter w = new NdrWriter().uniqueWString("\\\\FS1").u32(1).u32(1);
        w.referent(); // level 1 container
        byte[] stub = w.u32(0).nullPointer().u32(-1).nullPointer().toByteArray();
        byte[] resp = s.transact(TestClient.request(2, 0, SrvsvcService.OP_NETR_SHARE_ENUM, stub, 3), 4280);
        byte[] out = TestClient.responseStub(List.of(RawPdu.decode(resp)));
        NdrReader r = new NdrReader(out);
        assertEquals(1, r.u32());
        assertEquals(1, r.u32());
        r.pointer();
        assertEquals(2, r.u32()); // EntriesRead
        r.pointer();
        assertEquals(2, r.u32()); // max_count
        r.pointer();
        assertEquals(0, r.u32()); // vol1 DISKTREE
        r.pointer();
        r.pointer();
        assertEquals(0x80000003, r.u32()); // IPC$
        r.pointer();
        assertEquals("vol1", r.wstring());
        assertEquals("v", r.wstring());
        assertEquals("IPC$", r.wstring());
        assertEquals("IPC Service", r.wstring());
        assertEquals(2, r.u32()); // TotalEntries
        assertEquals(0, r.pointer());
        assertEquals(0, r.u32());
        s.close();
        assertTrue(s.isClosed());
        assertFalse(s.write(bind));
    }

    @Test
    void garbageOnPipeBreaksOnlyThatPipe() {
        RpcPipeSession bad = open();
        bad.write(new byte[] {5, 0, 11, 3, 16, 0, 0, 0, 4, 0}); // frag_length 4
        assertTrue(bad.isClosed());
        RpcPipeSession good = open();
        good.write(TestClient.bindPdu(PduType.BIND, 1, 0, 4280,
                new ContextElement(0, SrvsvcService.SYNTAX, List.of(SyntaxId.NDR20))));
        assertTrue(good.hasOutput());
    }
}
