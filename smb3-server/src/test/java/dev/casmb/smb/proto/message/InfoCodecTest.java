package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QUERY_DIRECTORY, QUERY_INFO and SET_INFO codecs against the captured client frames (MS-SMB2 2.2.33-2.2.40). */
class InfoCodecTest {
    interface Codec {
        ByteBuf reencode(ByteBuf msg) throws SmbException;
    }

    @Test
    void capturedQueryDirectoryRequestsReencodeByteForByte() {
        roundTrip(Smb2Command.QUERY_DIRECTORY, "QUERY_DIRECTORY", m -> {
            ByteBuf out = Unpooled.buffer();
            QueryDirectoryRequest.decode(Smb2Body.of(m)).encode(out);
            return out;
        });
    }

    @Test
    void capturedQueryInfoRequestsReencodeByteForByte() {
        roundTrip(Smb2Command.QUERY_INFO, "QUERY_INFO", m -> {
            ByteBuf out = Unpooled.buffer();
            QueryInfoRequest.decode(Smb2Body.of(m)).encode(out);
            return out;
        });
    }

    @Test
    void capturedSetInfoRequestsReencodeByteForByte() {
        roundTrip(Smb2Command.SET_INFO, "SET_INFO", m -> {
            ByteBuf out = Unpooled.buffer();
            SetInfoRequest.decode(Smb2Body.of(m)).encode(out);
            return out;
        });
    }

    /** The encoding equals the captured body up to its length; what a client sent beyond it is padding (zeros). */
    private static void roundTrip(int command, String what, Codec codec) {
        List<ByteBuf> frames = SeedFrames.requests(command);
        assertFalse(frames.isEmpty(), "the seeds hold " + what + " requests");
        for (ByteBuf m : frames) {
            byte[] enc;
            try {
                enc = ByteBufUtil.getBytes(codec.reencode(m));
            } catch (SmbException e) {
                throw new AssertionError("captured " + what + " did not decode: " + e.getMessage(), e);
            }
            byte[] body = SeedFrames.body(m, m.readableBytes() - 64);
            int n = Math.min(enc.length, body.length);
            byte[] a = new byte[n];
            byte[] b = new byte[n];
            System.arraycopy(body, 0, a, 0, n);
            System.arraycopy(enc, 0, b, 0, n);
            assertArrayEquals(a, b, what);
            for (int i = n; i < body.length; i++) assertEquals(0, body[i], what + ": padding after the encoding");
            for (int i = n; i < enc.length; i++) assertEquals(0, enc[i], what + ": the encoding's one-byte empty buffer");
        }
    }

    @Test
    void outputBufferResponseGoldenBytes() throws SmbException {
        ByteBuf out = Unpooled.buffer();
        new OutputBufferResponse(new byte[] {1, 2, 3}).encode(out);
        // MS-SMB2 2.2.38: 0900, OutputBufferOffset 0x48, OutputBufferLength 3, data
        assertEquals("0900" + "4800" + "03000000" + "010203", ByteBufUtil.hexDump(out));
        ByteBuf empty = Unpooled.buffer();
        new OutputBufferResponse(new byte[0]).encode(empty);
        assertEquals("0900" + "4800" + "00000000" + "00", ByteBufUtil.hexDump(empty));
        ByteBuf msg = Unpooled.buffer().writeZero(64).writeBytes(out);
        assertArrayEquals(new byte[] {1, 2, 3}, OutputBufferResponse.decode(Smb2Body.of(msg)).data());
    }

    @Test
    void setInfoResponseGoldenBytes() {
        ByteBuf out = Unpooled.buffer();
        new SetInfoResponse().encode(out);
        assertEquals("0200", ByteBufUtil.hexDump(out));
    }

    @Test
    void setInfoRoundTripsItsBuffer() throws SmbException {
        byte[] rename = "\u0000new.txt".getBytes(StandardCharsets.UTF_16LE);
        SetInfoRequest r = new SetInfoRequest(1, 10, 0, new FileId(5, 6), rename);
        ByteBuf msg = Unpooled.buffer().writeZero(64);
        r.encode(msg);
        SetInfoRequest back = SetInfoRequest.decode(Smb2Body.of(msg));
        assertArrayEquals(rename, back.buffer());
        assertEquals(new FileId(5, 6), back.fileId());
        assertEquals(10, back.infoClass());
    }

    @Test
    void malformedRequestsAreInvalidParameter() {
        ByteBuf m1 = Unpooled.buffer().writeZero(64);
        new SetInfoRequest(1, 4, 0, new FileId(1, 2), new byte[40]).encode(m1);
        m1.setIntLE(64 + 4, 4000); // BufferLength beyond the message
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> SetInfoRequest.decode(Smb2Body.of(m1))).status());
        m1.setIntLE(64 + 4, 1 << 20); // beyond what SET_INFO accepts
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> SetInfoRequest.decode(Smb2Body.of(m1))).status());
        ByteBuf m2 = Unpooled.buffer().writeZero(64);
        new QueryDirectoryRequest(37, 0, 0, new FileId(1, 2), "*", 65536).encode(m2);
        m2.setShortLE(64 + 26, 3); // odd UTF-16 length
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> QueryDirectoryRequest.decode(Smb2Body.of(m2))).status());
        ByteBuf m3 = Unpooled.buffer().writeZero(64).writeShortLE(41).writeZero(6);
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> QueryInfoRequest.decode(Smb2Body.of(m3))).status());
    }
}
