package dev.casmb.smb.proto.message;

import static dev.casmb.smb.proto.message.Codec.assertInvalid;
import static dev.casmb.smb.proto.message.Codec.bodyHex;
import static dev.casmb.smb.proto.message.Codec.hex;
import static dev.casmb.smb.proto.message.Codec.hexOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NEGOTIATE (MS-SMB2 2.2.3, 2.2.4) and its contexts (2.2.3.1), and the SMB1 multi-protocol NEGOTIATE.
 * The fuzz seeds hold no NEGOTIATE, so the request bytes are built by hand from the specification, laid out
 * as Windows clients send them: contexts 8-byte aligned from the header, padding between them.
 */
class NegotiateCodecTest {
    private static final String SALT = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    /** A 3.1.1 request: five dialects, preauth (SHA-512), encryption (GCM, CCM), signing (GMAC, CMAC). */
    static final String REQUEST_311 = "2400" + "0500" + "0100" + "0000" + "7f000000"
        + "00112233445566778899aabbccddeeff"
        + "70000000" + "0300" + "0000"                       // NegotiateContextOffset 0x70, count 3
        + "0202" + "1002" + "0003" + "0203" + "1103" + "0000" // dialects, padding to 0x70
        + "0100" + "2600" + "00000000" + "0100" + "2000" + "0100" + SALT + "0000"
        + "0200" + "0600" + "00000000" + "0200" + "0200" + "0100" + "0000"
        + "0800" + "0600" + "00000000" + "0200" + "0200" + "0100";

    @Test
    void request311GoldenBytesDecodeAndReencode() throws SmbException {
        Smb2Body b = bodyHex(REQUEST_311);
        NegotiateRequest r = NegotiateRequest.decode(b);
        assertArrayEquals(new int[] {0x0202, 0x0210, 0x0300, 0x0302, 0x0311}, r.dialects());
        assertEquals(1, r.securityMode());
        assertEquals(0x7f, r.capabilities());
        assertArrayEquals(hex("00112233445566778899aabbccddeeff"), r.clientGuid());
        assertEquals(3, r.contexts().size());
        assertEquals(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, r.contexts().get(0).type());
        PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(r.contexts().get(0).data());
        assertTrue(p.offers(PreauthIntegrityCapabilities.SHA_512));
        assertArrayEquals(hex(SALT), p.salt());
        assertArrayEquals(new int[] {2, 1}, EncryptionCapabilities.decode(r.contexts().get(1).data()).ciphers());
        assertArrayEquals(new int[] {2, 1}, SigningCapabilities.decode(r.contexts().get(2).data()).algorithms());
        assertEquals(REQUEST_311, hexOf(r::encode));
    }

    @Test
    void requestBefore311CarriesClientStartTime() throws SmbException {
        String hex = "2400" + "0200" + "0200" + "0000" + "00000000" + "00112233445566778899aabbccddeeff"
            + "0807060504030201" + "0202" + "1002";
        NegotiateRequest r = NegotiateRequest.decode(bodyHex(hex));
        assertEquals(0x0102030405060708L, r.clientStartTime());
        assertEquals(List.of(), r.contexts());
        assertEquals(2, r.securityMode());
        assertEquals(hex, hexOf(r::encode));
    }

    @Test
    void responseGoldenBytes() throws SmbException {
        List<NegotiateContext> ctx = List.of(
            new PreauthIntegrityCapabilities(new int[] {1}, hex(SALT)).context(),
            new EncryptionCapabilities(new int[] {2}).context(),
            new SigningCapabilities(new int[] {2}).context());
        NegotiateResponse r = new NegotiateResponse(1, 0x0311, hex("ffeeddccbbaa99887766554433221100"), 0x2e,
            0x800000, 0x800000, 0x800000, 0x01D9000000000001L, 0, hex("a1b2c3"), ctx);
        String expected = "4100" + "0100" + "1103" + "0300" + "ffeeddccbbaa99887766554433221100" + "2e000000"
            + "00008000" + "00008000" + "00008000" + "010000000000d901" + "0000000000000000"
            + "8000" + "0300" + "88000000"                 // token at 0x80, contexts at 0x88
            + "a1b2c3" + "0000000000"                       // token, padding to 8
            + "0100" + "2600" + "00000000" + "0100" + "2000" + "0100" + SALT + "0000"
            + "0200" + "0400" + "00000000" + "0100" + "0200" + "00000000"
            + "0800" + "0400" + "00000000" + "0100" + "0200";
        assertEquals(expected, hexOf(r::encode));
        NegotiateResponse back = NegotiateResponse.decode(bodyHex(expected));
        assertEquals(0x0311, back.dialectRevision());
        assertArrayEquals(hex("a1b2c3"), back.securityBuffer());
        assertEquals(3, back.contexts().size());
        assertEquals(expected, hexOf(back::encode));
    }

    @Test
    void responseWithoutContextsHasNoOffsetNorPadding() {
        NegotiateResponse r = new NegotiateResponse(3, 0x02FF, new byte[16], 0, 65536, 65536, 65536, 0, 0,
            hex("a1b2c3"), List.of());
        String h = hexOf(r::encode);
        assertEquals(64 + 3, h.length() / 2);
        assertEquals("4100" + "0300" + "ff02" + "0000", h.substring(0, 16));
        assertEquals("8000" + "0300" + "00000000" + "a1b2c3", h.substring(112));
    }

    @Test
    void malformedRequestsAreInvalidParameter() {
        String fixed311 = REQUEST_311.substring(0, 72);
        // DialectCount 0
        assertInvalid(NegotiateRequest::decode, bodyHex("2400" + "0000" + REQUEST_311.substring(8)));
        // five dialects announced, two present
        assertInvalid(NegotiateRequest::decode, bodyHex(fixed311 + "0202" + "1103"));
        // 3.1.1 offered without contexts
        assertInvalid(NegotiateRequest::decode, bodyHex(fixed311.substring(0, 56) + "70000000" + "0000" + "0000"
            + REQUEST_311.substring(72)));
        // NegotiateContextOffset past the message
        assertInvalid(NegotiateRequest::decode, bodyHex(fixed311.substring(0, 56) + "00100000" + "0300" + "0000"
            + REQUEST_311.substring(72)));
        // the last context's data cut short
        assertInvalid(NegotiateRequest::decode, bodyHex(REQUEST_311.substring(0, REQUEST_311.length() - 4)));
        // more than 64 contexts
        assertInvalid(NegotiateRequest::decode, bodyHex(fixed311.substring(0, 56) + "70000000" + "4100" + "0000"
            + REQUEST_311.substring(72)));
        // a body shorter than the fixed part
        assertInvalid(NegotiateRequest::decode, bodyHex("2400" + "0100"));
    }

    @Test
    void malformedContextsAreInvalidParameter() {
        assertContextInvalid(() -> PreauthIntegrityCapabilities.decode(Unpooled.wrappedBuffer(hex("010020"))));
        assertContextInvalid(() -> PreauthIntegrityCapabilities.decode(Unpooled.wrappedBuffer(hex("0200" + "0000" + "0100"))));
        assertContextInvalid(() -> EncryptionCapabilities.decode(Unpooled.wrappedBuffer(hex("0000"))));
        assertContextInvalid(() -> EncryptionCapabilities.decode(Unpooled.wrappedBuffer(hex("0300" + "0100"))));
        assertContextInvalid(() -> SigningCapabilities.decode(Unpooled.wrappedBuffer(hex("01"))));
        assertContextInvalid(() -> SigningCapabilities.decode(Unpooled.wrappedBuffer(hex("0000"))));
    }

    @Test
    void preauthSaltLongerThanTheContextIsCut() throws SmbException {
        PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(Unpooled.wrappedBuffer(hex("0100" + "2000" + "0100" + "aabb")));
        assertArrayEquals(hex("aabb"), p.salt());
    }

    @Test
    void smb1NegotiateGoldenBytes() throws SmbException {
        Smb1NegotiateRequest r = new Smb1NegotiateRequest(List.of("NT LM 0.12", "SMB 2.002", "SMB 2.???"));
        ByteBuf out = Unpooled.buffer();
        r.encode(out);
        String expected = "ff534d42" + "72" + "00".repeat(27) + "00" + "2200"
            + "02" + hexAscii("NT LM 0.12") + "00" + "02" + hexAscii("SMB 2.002") + "00"
            + "02" + hexAscii("SMB 2.???") + "00";
        assertEquals(expected, ByteBufUtil.hexDump(out));
        Smb1NegotiateRequest back = Smb1NegotiateRequest.decode(out);
        assertEquals(r, back);
        assertTrue(back.offers(Smb1NegotiateRequest.SMB2_WILDCARD));
    }

    @Test
    void smb1NegotiateListEndsAtTheFirstMalformedEntryOrTheFrame() throws SmbException {
        ByteBuf out = Unpooled.buffer();
        new Smb1NegotiateRequest(List.of("NT LM 0.12", "SMB 2.002")).encode(out);
        ByteBuf cut = out.slice(0, out.readableBytes() - 1); // last name without its NUL
        assertEquals(List.of("NT LM 0.12"), Smb1NegotiateRequest.decode(cut).dialects());
        out.setByte(35, 0x03); // not a dialect buffer-format byte
        assertEquals(List.of(), Smb1NegotiateRequest.decode(out).dialects());
        ByteBuf other = Unpooled.buffer();
        new Smb1NegotiateRequest(List.of("SMB 2.002")).encode(other);
        other.setByte(4, 0x73); // SMB_COM_SESSION_SETUP_ANDX
        SmbException e = assertThrows(SmbException.class, () -> Smb1NegotiateRequest.decode(other));
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
        assertThrows(SmbException.class, () -> Smb1NegotiateRequest.decode(Unpooled.wrappedBuffer(hex("ff534d4272"))));
    }

    private static String hexAscii(String s) {
        return ByteBufUtil.hexDump(s.getBytes(StandardCharsets.US_ASCII));
    }

    private interface Thrower {
        void run() throws SmbException;
    }

    private static void assertContextInvalid(Thrower t) {
        SmbException e = assertThrows(SmbException.class, t::run);
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }
}
