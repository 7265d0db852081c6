package dev.casmb.rpc.epm;

import static dev.casmb.rpc.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.rpc.Golden;
import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.pdu.SyntaxId;
import dev.casmb.rpc.swn.WitnessService;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpmTest {
    private static byte[] goldenTower() {
        byte[] twr = Golden.vector("epm_twr_t");
        return Arrays.copyOfRange(twr, 8, twr.length); // skip max_count + tower_length
    }

    @Test
    void encodesWitnessTowerLikeSamba() throws Exception {
        TcpTower t = new TcpTower(WitnessService.SYNTAX, SyntaxId.NDR20, 49152, InetAddress.getByName("192.0.2.20"));
        assertArrayEquals(goldenTower(), t.encode());
        assertEquals(75, t.encode().length);
    }

    @Test
    void decodesTower() throws Exception {
        TcpTower t = TcpTower.decode(goldenTower());
        assertEquals(WitnessService.SYNTAX, t.iface());
        assertEquals(SyntaxId.NDR20, t.transfer());
        assertEquals(49152, t.port());
        assertEquals(InetAddress.getByName("192.0.2.20"), t.ip());
    }

    @Test
    void decodesMapRequestAndAnswersLikeSamba() throws Exception {
        EndpointMapperService.MapRequest req = EndpointMapperService.MapRequest.decode(Golden.vector("epm_Map IN"));
        assertEquals(4, req.maxTowers());
        assertEquals(75, req.tower().length);
        EndpointRegistry reg = new EndpointRegistry();
        reg.register(WitnessService.SYNTAX.uuid(), 1, 49152);
        byte[] out = new EndpointMapperService(reg).map(req, InetAddress.getByName("192.0.2.20"));
        assertArrayEquals(Golden.vector("epm_Map OUT"), out);
    }

    @Test
    void unknownInterfaceIsNotRegistered() throws Exception {
        EndpointMapperService.MapRequest req = EndpointMapperService.MapRequest.decode(Golden.vector("epm_Map IN"));
        byte[] out = new EndpointMapperService(new EndpointRegistry()).map(req, InetAddress.getByName("192.0.2.20"));
        assertArrayEquals(hex("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " 00 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 d6 a0 c9 16"), out);
    }

    @Test
    void truncatedTowersAreRejected() {
        byte[] t = goldenTower();
        assertThrows(NdrException.class, () -> TcpTower.decode(Arrays.copyOf(t, 30)));
        assertThrows(NdrException.class, () -> TcpTower.decode(hex("05")));
        assertThrows(NdrException.class,
                () -> EndpointMapperService.MapRequest.decode(Arrays.copyOf(Golden.vector("epm_Map IN"), 60)));
    }
}
