package dev.casmb.rpc.pdu;

import static dev.casmb.rpc.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PduCodecTest {
    static final UUID WITNESS = UUID.fromString("ccd8c074-d0e5-4a40-92b4-d074faa6ba28");

    /** rpcclient-style bind: witness v1.1 over NDR, max frags 5840, call_id 1, no auth (C706 12.6.4.3). */
    static final String BIND = "05 00 0b 03 10 00 00 00 48 00 00 00 01 00 00 00"
            + " d0 16 d0 16 00 00 00 00 01 00 00 00"
            + " 00 00 01 00 74 c0 d8 cc e5 d0 40 4a 92 b4 d0 74 fa a6 ba 28 01 00 01 00"
            + " 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00";

    @Test
    void decodesBind() throws Exception {
        RawPdu raw = RawPdu.decode(hex(BIND));
        assertEquals(PduType.BIND, raw.type());
        assertEquals(1, raw.callId());
        assertNull(raw.trailer());
        BindPdu b = BindPdu.decode(raw);
        assertEquals(5840, b.maxXmitFrag());
        assertEquals(0, b.assocGroupId());
        ContextElement c = b.contexts().get(0);
        assertEquals(new SyntaxId(WITNESS, 1, 1), c.abstractSyntax());
        assertEquals(List.of(SyntaxId.NDR20), c.transferSyntaxes());
        assertArrayEquals(hex(BIND), dev.casmb.rpc.TestClient.bindPdu(PduType.BIND, 1, 0, 5840, c));
    }

    @Test
    void encodesBindAck() {
        byte[] body = new BindAckPdu(5840, 5840, 0x12345678, "49152",
                List.of(ContextResult.accept(SyntaxId.NDR20))).encodeBody();
        byte[] pdu = PduEncoder.encode(PduType.BIND_ACK, 3, 1, body);
        assertArrayEquals(hex("05 00 0c 03 10 00 00 00 3c 00 00 00 01 00 00 00"
                + " d0 16 d0 16 78 56 34 12 06 00 34 39 31 35 32 00"
                + " 01 00 00 00 00 00 00 00 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00"), pdu);
    }

    @Test
    void bindAckPadsSecondaryAddressToFourRelativeToPduStart() {
        byte[] body = new BindAckPdu(4280, 4280, 1, "\\PIPE\\srvsvc",
                List.of(ContextResult.reject(ContextResult.REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED))).encodeBody();
        // sec_addr_len 13 at body+8, string at body+10..23, pad to PDU offset 40 (= body 24)
        assertEquals(13, body[8]);
        assertEquals(1, body[24]);
        assertEquals(ContextResult.PROVIDER_REJECTION, body[28]);
        assertEquals(ContextResult.REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED, body[30]);
        assertEquals(24 + 4 + 24, body.length);
    }

    @Test
    void encodesBindNakAndFault() {
        assertArrayEquals(hex("05 00 0d 03 10 00 00 00 18 00 00 00 07 00 00 00 08 00 01 05 00 00 00 00"),
                PduEncoder.encode(PduType.BIND_NAK, 3, 7, new BindNakPdu(8).encodeBody()));
        assertArrayEquals(hex("05 00 03 23 10 00 00 00 20 00 00 00 02 00 00 00"
                + " 20 00 00 00 01 00 00 00 02 00 01 1c 00 00 00 00"),
                PduEncoder.encode(PduType.FAULT, 0x23, 2, new FaultPdu(1, 0, FaultStatus.NCA_S_OP_RNG_ERROR).encodeBody()));
    }

    @Test
    void decodesRequestWithObjectUuidAndAuthTrailer() throws Exception {
        byte[] pdu = hex("05 00 00 83 10 00 00 00 44 00 08 00 05 00 00 00"
                + " 04 00 00 00 01 00 03 00"
                + " 11 11 11 11 22 22 33 33 44 44 55 55 55 55 55 55"
                + " aa bb cc dd 00 00 00 00 00 00 00 00" // stub + 8 pad... see trailer pad 8
                + " 0a 05 08 00 00 00 00 00"
                + " 01 00 00 00 02 02 02 02");
        RawPdu raw = RawPdu.decode(pdu);
        assertEquals(new SecTrailer(10, 5, 8, 0), raw.trailer());
        assertArrayEquals(hex("01 00 00 00 02 02 02 02"), raw.authValue());
        RequestPdu r = RequestPdu.decode(raw);
        assertEquals(3, r.opnum());
        assertEquals(1, r.contextId());
        assertEquals(UUID.fromString("11111111-2222-3333-4444-555555555555"), r.object());
        assertArrayEquals(hex("aa bb cc dd"), r.stub());
    }

    @Test
    void rejectsMalformedFraming() {
        assertThrows(PduFormatException.class, () -> RawPdu.decode(hex("05 00 0b 03")));
        // wrong version
        assertThrows(PduFormatException.class, () -> RawPdu.decode(hex("04 00 0b 03 10 00 00 00 10 00 00 00 01 00 00 00")));
        // big-endian drep
        assertThrows(PduFormatException.class, () -> RawPdu.decode(hex("05 00 0b 03 00 00 00 00 10 00 00 00 01 00 00 00")));
        // frag_length mismatch
        assertThrows(PduFormatException.class, () -> RawPdu.decode(hex("05 00 0b 03 10 00 00 00 20 00 00 00 01 00 00 00")));
        // auth_length larger than the PDU
        assertThrows(PduFormatException.class, () -> RawPdu.decode(hex("05 00 00 03 10 00 00 00 18 00 40 00 01 00 00 00 00 00 00 00 00 00 00 00")));
        // bind truncated inside its context list
        byte[] bind = hex(BIND);
        byte[] cut = java.util.Arrays.copyOf(bind, 50);
        cut[8] = 50;
        assertThrows(PduFormatException.class, () -> BindPdu.decode(RawPdu.decode(cut)));
    }

    @Test
    void bindTimeFeatureSyntax() {
        SyntaxId btfn = new SyntaxId(UUID.fromString("6cb71c2c-9812-4540-0300-000000000000"), 1, 0);
        assertTrue(btfn.isBindTimeFeatureNegotiation());
        assertEquals(3, btfn.bindTimeFeatures());
    }
}
