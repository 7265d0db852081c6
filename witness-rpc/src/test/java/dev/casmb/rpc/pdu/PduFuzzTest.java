package dev.casmb.rpc.pdu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.casmb.rpc.epm.EndpointMapperService;
import dev.casmb.rpc.epm.TcpTower;
import dev.casmb.rpc.ndr.NdrException;

/**
 * Coverage-guided fuzzing (Jazzer) of the DCE/RPC connection-oriented PDU decoders and the NDR decoding of
 * the endpoint mapper's ept_map request. Malformed input must end in PduFormatException or NdrException.
 */
class PduFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void pdu(byte[] data) {
        try {
            RawPdu raw = RawPdu.decode(data);
            switch (raw.header().type()) {
                case PduType.BIND, PduType.ALTER_CONTEXT -> BindPdu.decode(raw);
                case PduType.REQUEST -> RequestPdu.decode(raw);
                default -> { }
            }
        } catch (PduFormatException | NdrException expected) {
            // malformed
        }
        try {
            BindPdu.decode(RawPdu.decode(data));
        } catch (PduFormatException | NdrException expected) {
            // malformed
        }
        try {
            RequestPdu.decode(RawPdu.decode(data));
        } catch (PduFormatException | NdrException expected) {
            // malformed
        }
    }

    @FuzzTest(maxDuration = "10s")
    void eptMap(byte[] data) {
        try {
            EndpointMapperService.MapRequest r = EndpointMapperService.MapRequest.decode(data);
            if (r.tower() != null) TcpTower.decode(r.tower());
        } catch (NdrException expected) {
            // malformed
        }
        try {
            TcpTower.decode(data);
        } catch (NdrException expected) {
            // malformed
        }
    }
}
