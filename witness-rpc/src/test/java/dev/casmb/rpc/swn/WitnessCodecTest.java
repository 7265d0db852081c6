package dev.casmb.rpc.swn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casmb.rpc.Golden;
import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Golden NDR vectors from Samba's marshaller (MS-SWN §2.2.2, §3.1.4). */
class WitnessCodecTest {
    static Inet4Address v4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @Test
    void decodesRegisterExRequest() {
        NdrReader r = new NdrReader(Golden.vector("witness_RegisterEx IN"));
        assertEquals(WitnessConstants.WITNESS_V2, r.u32());
        assertEquals("FS1", r.uniqueWString());
        assertEquals("vol1", r.uniqueWString());
        assertEquals("192.0.2.10", r.uniqueWString());
        assertEquals("HV1.corp.example", r.uniqueWString());
        assertEquals(0, r.u32());
        assertEquals(120, r.u32());
        assertEquals(0, r.remaining());
    }

    @Test
    void encodesRegisterResponseHandle() {
        NdrWriter w = new NdrWriter();
        new ContextHandle(0, UUID.fromString("3ab88633-1e57-4c1a-856c-d1bc4b15bbb1")).write(w);
        w.u32(0);
        assertArrayEquals(Golden.vector("witness_Register OUT"), w.toByteArray());
    }

    @Test
    void encodesGetInterfaceListLikeSamba() throws Exception {
        WitnessService svc = new WitnessService(new SimpleWitnessTopology(List.of(
                new WitnessInterface("NODEB", WitnessConstants.STATE_AVAILABLE, v4("192.0.2.20"), null, false),
                new WitnessInterface("NODEA", WitnessConstants.STATE_AVAILABLE, v4("192.0.2.10"), null, true)),
                java.util.Set.of("FS1"), java.util.Set.of()), WitnessConfig.defaults(), null, () -> 0L);
        byte[] out = svc.getInterfaceList();
        List<byte[]> g = Golden.parts("witness_GetInterfaceList OUT");
        assertEquals(1124, out.length);
        assertArrayEquals(g.get(0), Arrays.copyOfRange(out, 0, 16));
        assertArrayEquals(g.get(1), Arrays.copyOfRange(out, 16, 32));
        assertArrayEquals(g.get(2), Arrays.copyOfRange(out, 16 + 520, 16 + 552));
        assertArrayEquals(g.get(3), Arrays.copyOfRange(out, 16 + 552 + 520, 16 + 1104));
        assertArrayEquals(g.get(4), Arrays.copyOfRange(out, 1120, 1124));
    }

    @Test
    void encodesResourceChange() {
        byte[] out = NotificationCodec.asyncNotifyResponse(NotificationCodec.resourceChanges(
                List.of(new ResourceChange("192.0.2.10", WitnessConstants.RESOURCE_STATE_UNAVAILABLE))));
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: RESOURCE_CHANGE"), out);
    }

    @Test
    void encodesClientMove() throws Exception {
        byte[] out = NotificationCodec.asyncNotifyResponse(NotificationCodec.ipAddrList(WitnessConstants.CLIENT_MOVE,
                List.of(new IpAddrInfo(v4("192.0.2.20"), true))));
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: CLIENT_MOVE"), out);
    }

    @Test
    void encodesTimeout() {
        assertArrayEquals(Golden.vector("witness_AsyncNotify OUT: ERROR_TIMEOUT"),
                NotificationCodec.asyncNotifyError(WitnessConstants.ERROR_TIMEOUT));
    }

    @Test
    void encodesWindowsCapturedSofsResourceChange() {
        // from Samba source4/torture/ndr/witness.c (a Windows capture)
        byte[] windows = Golden.hex("00 00 02 00 01 00 00 00 12 00 00 00 01 00 00 00 04 00 02 00 12 00 00 00"
                + " 12 00 00 00 ff 00 00 00 53 00 4f 00 46 00 53 00 00 00 00 00 00 00 00 00");
        assertArrayEquals(windows, NotificationCodec.asyncNotifyResponse(NotificationCodec.resourceChanges(
                List.of(new ResourceChange("SOFS", WitnessConstants.RESOURCE_STATE_UNAVAILABLE)))));
    }

    @Test
    void encodesShareMoveAndIpChangeLists() throws Exception {
        Notification n = NotificationCodec.ipAddrList(WitnessConstants.IP_CHANGE, List.of(
                new IpAddrInfo(v4("192.0.2.30"), false), new IpAddrInfo(InetAddress.getByName("2001:db8::1"), true)));
        assertEquals(1, n.numberOfMessages());
        byte[] b = n.messageBuffer();
        assertEquals(12 + 48, b.length);
        assertEquals(60, b[0]);
        assertEquals(2, b[8]);
        assertEquals(WitnessConstants.IPADDR_V4 | WitnessConstants.IPADDR_OFFLINE, b[12]);
        assertArrayEquals(Golden.hex("c0 00 02 1e"), Arrays.copyOfRange(b, 16, 20));
        assertEquals(WitnessConstants.IPADDR_V6 | WitnessConstants.IPADDR_ONLINE, b[36]);
        assertArrayEquals(Golden.hex("20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"), Arrays.copyOfRange(b, 44, 60));
    }
}
