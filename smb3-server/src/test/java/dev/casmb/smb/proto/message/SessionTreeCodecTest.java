package dev.casmb.smb.proto.message;

import static dev.casmb.smb.proto.message.Codec.assertInvalid;
import static dev.casmb.smb.proto.message.Codec.bodyHex;
import static dev.casmb.smb.proto.message.Codec.bodyHexOf;
import static dev.casmb.smb.proto.message.Codec.captured;
import static dev.casmb.smb.proto.message.Codec.decodes;
import static dev.casmb.smb.proto.message.Codec.hex;
import static dev.casmb.smb.proto.message.Codec.hexOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/**
 * SESSION_SETUP (MS-SMB2 2.2.5, 2.2.6), TREE_CONNECT (2.2.9, 2.2.10) and the four-byte bodies of LOGOFF,
 * TREE_DISCONNECT, ECHO, CANCEL and the FLUSH response, with FLUSH's request (2.2.17): captured client requests
 * decode and re-encode byte for byte, golden responses, malformed bodies are STATUS_INVALID_PARAMETER.
 */
class SessionTreeCodecTest {
    @Test
    void capturedSessionSetupsReencodeByteForByte() {
        int n = 0;
        for (ByteBuf m : captured(Smb2Command.SESSION_SETUP, SessionSetupRequest.STRUCTURE_SIZE)) {
            SessionSetupRequest r = decodes(SessionSetupRequest::decode, m);
            if (r.securityBuffer().length == 0) continue; // a mutated seed: offset/length 0, nothing to compare
            assertEquals(bodyHexOf(m), hexOf(r::encode));
            n++;
        }
        assertTrue(n >= 10, "captured SESSION_SETUPs with a token: " + n);
    }

    @Test
    void sessionSetupRequestFields() throws SmbException {
        String hex = "1900" + "01" + "02" + "01000000" + "00000000" + "5800" + "0300" + "0807060504030201" + "a1b2c3";
        SessionSetupRequest r = SessionSetupRequest.decode(bodyHex(hex));
        assertTrue(r.binding());
        assertEquals(2, r.securityMode());
        assertEquals(0x0102030405060708L, r.previousSessionId());
        assertArrayEquals(hex("a1b2c3"), r.securityBuffer());
        assertEquals(hex, hexOf(r::encode));
    }

    @Test
    void sessionSetupResponseGoldenBytes() throws SmbException {
        String hex = "0900" + "0400" + "4800" + "0300" + "a1b2c3";
        SessionSetupResponse r = new SessionSetupResponse(SessionSetupResponse.SESSION_FLAG_ENCRYPT_DATA, hex("a1b2c3"));
        assertEquals(hex, hexOf(r::encode));
        SessionSetupResponse back = SessionSetupResponse.decode(bodyHex(hex));
        assertEquals(4, back.sessionFlags());
        assertArrayEquals(hex("a1b2c3"), back.securityBuffer());
        // no token: offset 0, no padding byte
        assertEquals("0900" + "0200" + "0000" + "0000", hexOf(new SessionSetupResponse(2, new byte[0])::encode));
    }

    @Test
    void sessionSetupMalformed() {
        // token past the message
        assertInvalid(SessionSetupRequest::decode,
            bodyHex("1900" + "00" + "01" + "00000000" + "00000000" + "5800" + "0400" + "0000000000000000" + "a1b2c3"));
        assertInvalid(SessionSetupRequest::decode, bodyHex("1900" + "00" + "01" + "00000000"));
        assertInvalid(SessionSetupResponse::decode, bodyHex("0900" + "0000" + "4800" + "ffff" + "00"));
    }

    @Test
    void capturedTreeConnectsReencodeByteForByte() {
        for (ByteBuf m : captured(Smb2Command.TREE_CONNECT, TreeConnectRequest.STRUCTURE_SIZE)) {
            TreeConnectRequest r = decodes(TreeConnectRequest::decode, m);
            assertTrue(r.path().startsWith("\\\\"), r.path());
            assertEquals(bodyHexOf(m), hexOf(r::encode));
        }
    }

    @Test
    void treeConnectGoldenBytes() throws SmbException {
        // \\s\IPC$ in UTF-16LE at 0x48
        String path = "5c005c0073005c00490050004300240000".substring(0, 32);
        String hex = "0900" + "0000" + "4800" + "1000" + path;
        TreeConnectRequest r = TreeConnectRequest.decode(bodyHex(hex));
        assertEquals("\\\\s\\IPC$", r.path());
        assertEquals(hex, hexOf(r::encode));
        TreeConnectResponse resp = new TreeConnectResponse(TreeConnectResponse.SHARE_TYPE_DISK,
            TreeConnectResponse.SHAREFLAG_ENCRYPT_DATA, TreeConnectResponse.SHARE_CAP_CONTINUOUS_AVAILABILITY
                | TreeConnectResponse.SHARE_CAP_CLUSTER, 0x001F01FF);
        String golden = "1000" + "01" + "00" + "00800000" + "50000000" + "ff011f00";
        assertEquals(golden, hexOf(resp::encode));
        assertEquals(resp, TreeConnectResponse.decode(bodyHex(golden)));
    }

    @Test
    void treeConnectMalformed() {
        assertInvalid(TreeConnectRequest::decode, bodyHex("0900" + "0000" + "4800" + "0300" + "5c005c"));  // odd length
        assertInvalid(TreeConnectRequest::decode, bodyHex("0900" + "0000" + "4800" + "2000" + "5c005c00")); // past the end
        assertInvalid(TreeConnectRequest::decode, bodyHex("0900" + "0000"));
        assertInvalid(TreeConnectResponse::decode, bodyHex("1000" + "0100" + "00000000"));
    }

    @Test
    void fourByteBodies() throws SmbException {
        assertCaptured(Smb2Command.LOGOFF, LogoffRequest::decode);
        assertCaptured(Smb2Command.TREE_DISCONNECT, TreeDisconnectRequest::decode);
        assertCaptured(Smb2Command.ECHO, EchoRequest::decode);
        assertEquals("04000000", hexOf(new LogoffRequest()::encode));
        assertEquals("04000000", hexOf(new LogoffResponse()::encode));
        assertEquals("04000000", hexOf(new TreeDisconnectRequest()::encode));
        assertEquals("04000000", hexOf(new TreeDisconnectResponse()::encode));
        assertEquals("04000000", hexOf(new EchoRequest()::encode));
        assertEquals("04000000", hexOf(new EchoResponse()::encode));
        assertEquals("04000000", hexOf(new FlushResponse()::encode));
        assertEquals("04000000", hexOf(new CancelRequest()::encode));
        assertEquals(new CancelRequest(), CancelRequest.decode(bodyHex("04000000")));
        assertEquals(new EchoResponse(), EchoResponse.decode(bodyHex("04000000")));
        assertInvalid(LogoffRequest::decode, bodyHex("0400"));
        assertInvalid(TreeDisconnectRequest::decode, bodyHex("04"));
        assertInvalid(EchoRequest::decode, bodyHex(""));
        assertInvalid(FlushResponse::decode, bodyHex("0400"));
        assertInvalid(CancelRequest::decode, bodyHex("04"));
    }

    @Test
    void flush() throws SmbException {
        for (ByteBuf m : captured(Smb2Command.FLUSH, FlushRequest.STRUCTURE_SIZE)) {
            assertEquals(bodyHexOf(m), hexOf(decodes(FlushRequest::decode, m)::encode));
        }
        String hex = "1800" + "0000" + "00000000" + "0100000000000000" + "0200000000000000";
        FlushRequest r = FlushRequest.decode(bodyHex(hex));
        assertEquals(new FileId(1, 2), r.fileId());
        assertEquals(hex, hexOf(r::encode));
        assertInvalid(FlushRequest::decode, bodyHex("1800" + "0000" + "00000000" + "01000000"));
    }

    private static void assertCaptured(int command, Codec.Decoder<?> d) {
        for (ByteBuf m : captured(command, 4)) {
            assertEquals("04000000", bodyHexOf(m));
            decodes(d, m);
        }
    }
}
