package dev.casmb.smb.proto.message;

import static dev.casmb.smb.proto.message.Codec.hex;
import static dev.casmb.smb.proto.message.Codec.hexOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The FSCTL payloads of IOCTL (MS-SMB2 2.2.31.x, 2.2.32.x; MS-FSCC): VALIDATE_NEGOTIATE_INFO (also the
 * one captured from a client), NETWORK_INTERFACE_INFO, NETWORK_RESILIENCY_REQUEST, FILE_OBJECTID_BUFFER and
 * the compression state; short or overlong-count buffers are STATUS_INVALID_PARAMETER.
 */
class FsctlPayloadCodecTest {
    @Test
    void capturedValidateNegotiateInfoReencodes() throws SmbException {
        int n = 0;
        for (ByteBuf m : Codec.captured(Smb2Command.IOCTL, IoctlRequest.STRUCTURE_SIZE)) {
            IoctlRequest r = Codec.decodes(IoctlRequest::decode, m);
            if (r.ctlCode() != 0x00140204) continue;
            byte[] in = io.netty.buffer.ByteBufUtil.getBytes(r.input());
            ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(in);
            // bytes after the dialects (one crafted seed has two) are not part of the structure
            assertEquals(HexFormat.of().formatHex(in, 0, 24 + 2 * v.dialects().length), hexOf(v::encode));
            n++;
        }
        assertEquals(3, n, "captured FSCTL_VALIDATE_NEGOTIATE_INFO requests");
    }

    @Test
    void validateNegotiateInfo() throws SmbException {
        String req = "7f000000" + "00112233445566778899aabbccddeeff" + "0100" + "0200" + "0202" + "1103";
        ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(hex(req));
        assertEquals(0x7f, v.capabilities());
        assertEquals(1, v.securityMode());
        assertArrayEquals(new int[] {0x0202, 0x0311}, v.dialects());
        assertEquals(req, hexOf(v::encode));
        assertInvalid(() -> ValidateNegotiateInfoRequest.decode(hex(req.substring(0, 46))));
        assertInvalid(() -> ValidateNegotiateInfoRequest.decode(hex(req.replace("0100" + "0200", "0100" + "0300"))));
        String resp = "2f000000" + "ffeeddccbbaa99887766554433221100" + "0300" + "0203";
        ValidateNegotiateInfoResponse out = new ValidateNegotiateInfoResponse(0x2f, hex("ffeeddccbbaa99887766554433221100"), 3, 0x0302);
        assertArrayEquals(hex(resp), out.toBytes());
        assertEquals(0x0302, ValidateNegotiateInfoResponse.decode(hex(resp)).dialect());
        assertInvalid(() -> ValidateNegotiateInfoResponse.decode(hex("2f000000")));
    }

    @Test
    void networkInterfaceInfoIpv6() throws Exception {
        InetAddress a = InetAddress.getByName("fe80::1%7");
        byte[] e = new NetworkInterfaceInfo(0, 3, NetworkInterfaceInfo.CAP_RSS, 1_000_000_000L, a).toBytes();
        assertEquals(NetworkInterfaceInfo.SIZE, e.length);
        assertEquals("00000000" + "03000000" + "01000000" + "00000000" + "00ca9a3b00000000"
            + "1700" + "0000" + "00000000" + "fe800000000000000000000000000001" + "07000000",
            HexFormat.of().formatHex(e, 0, 52));
        NetworkInterfaceInfo back = NetworkInterfaceInfo.decode(e);
        assertEquals(a, back.address());
        assertEquals(1_000_000_000L, back.linkSpeed());
        assertInvalid(() -> NetworkInterfaceInfo.decode(new byte[151]));
    }

    @Test
    void resiliencyCompressionObjectId() throws SmbException {
        assertEquals(0xFFFFFFFFL, NetworkResiliencyRequest.decode(hex("ffffffff" + "00000000")).timeoutMs());
        assertEquals("e0930400" + "00000000", hexOf(new NetworkResiliencyRequest(300_000)::encode));
        assertInvalid(() -> NetworkResiliencyRequest.decode(hex("e0930400")));
        assertEquals(2, CompressionState.decode(hex("0200")).format());
        assertArrayEquals(hex("0000"), new CompressionState(CompressionState.FORMAT_NONE).toBytes());
        assertInvalid(() -> CompressionState.decode(hex("00")));
        byte[] id = hex("000102030405060708090a0b0c0d0e0f");
        FileObjectIdBuffer o = new FileObjectIdBuffer(id, new byte[16], id, new byte[16]);
        byte[] b = o.toBytes();
        assertEquals(FileObjectIdBuffer.SIZE, b.length);
        assertArrayEquals(id, FileObjectIdBuffer.decode(b).birthObjectId());
        assertInvalid(() -> FileObjectIdBuffer.decode(new byte[63]));
    }

    private interface Thrower {
        void run() throws SmbException;
    }

    private static void assertInvalid(Thrower t) {
        SmbException e = assertThrows(SmbException.class, t::run);
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }
}
