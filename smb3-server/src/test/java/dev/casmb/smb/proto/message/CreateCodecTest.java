package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateCodecTest {
    @Test
    void capturedRequestsDecodeAndReencodeByteForByte() {
        List<ByteBuf> frames = SeedFrames.requests(Smb2Command.CREATE);
        assertFalse(frames.isEmpty(), "the seeds hold CREATE requests");
        int withContexts = 0;
        for (ByteBuf m : frames) {
            CreateRequest r = decode(m);
            if (!r.contexts().isEmpty()) withContexts++;
            ByteBuf out = Unpooled.buffer();
            r.encode(out);
            byte[] body = SeedFrames.body(m, m.readableBytes() - 64);
            byte[] enc = ByteBufUtil.getBytes(out);
            // a client may pad the last element; what follows the encoding is zeros
            assertTrue(enc.length <= body.length || enc.length == 57 && body.length == 56, "encoding longer than the frame");
            byte[] prefix = new byte[Math.min(enc.length, body.length)];
            System.arraycopy(body, 0, prefix, 0, prefix.length);
            byte[] encPrefix = new byte[prefix.length];
            System.arraycopy(enc, 0, encPrefix, 0, prefix.length);
            assertArrayEquals(prefix, encPrefix, "CREATE " + r.name());
            for (int i = enc.length; i < body.length; i++) assertEquals(0, body[i], "padding after the encoding");
            ByteBuf again = Unpooled.buffer().writeZero(64).writeBytes(enc);
            assertEquals(r.name(), decode(again).name());
            assertEquals(r.contexts().size(), decode(again).contexts().size());
        }
        assertTrue(withContexts > 0, "some captured CREATEs carry create contexts");
    }

    @Test
    void responseGoldenBytes() throws SmbException {
        CreateResponse r = new CreateResponse(0x01, 0, CreateResponse.CREATED,
            new NetworkOpenInfo(0x01D9000000000001L, 2, 3, 4, 4096, 5, 0x20), new FileId(0x11, 0x22),
            List.of(new MaximalAccessResponse(0, 0x001F01FF).context()));
        ByteBuf out = Unpooled.buffer();
        r.encode(out);
        // MS-SMB2 2.2.14: 5900 01 00 02000000, network-open fields, Reserved2, FileId, offset 0x98, length 0x18,
        // then the MxAc context (2.2.13.2: Next 0, NameOffset 16, NameLength 4, Reserved, DataOffset 24, DataLength 8)
        assertEquals("5900" + "01" + "00" + "02000000"
            + "010000000000d901" + "0200000000000000" + "0300000000000000" + "0400000000000000"
            + "0010000000000000" + "0500000000000000" + "20000000" + "00000000"
            + "1100000000000000" + "2200000000000000" + "98000000" + "20000000"
            + "00000000" + "1000" + "0400" + "0000" + "1800" + "08000000" + "4d784163" + "00000000"
            + "00000000" + "ff011f00", ByteBufUtil.hexDump(out));
        ByteBuf msg = Unpooled.buffer().writeZero(64).writeBytes(out);
        CreateResponse back = CreateResponse.decode(Smb2Body.of(msg));
        assertEquals(r.fileId(), back.fileId());
        assertEquals(r.info(), back.info());
        assertEquals(0x001F01FF, MaximalAccessResponse.decode(back.contexts().get(0).data()).maximalAccess());
    }

    @Test
    void requestRoundTripsWithContexts() throws SmbException {
        CreateRequest r = new CreateRequest(0, 9, 2, 0, 0, 0x0012019F, 0x80, 7, CreateRequest.OPEN_IF, 0x40, "dir\\a.txt",
            List.of(new CreateContext("MxAc", new byte[0]), new CreateContext("QFid", new byte[0])));
        ByteBuf msg = Unpooled.buffer().writeZero(64);
        r.encode(msg);
        CreateRequest back = CreateRequest.decode(Smb2Body.of(msg));
        assertEquals("dir\\a.txt", back.name());
        assertEquals(CreateRequest.OPEN_IF, back.disposition());
        assertTrue(back.has("MxAc") && back.has("QFid"));
        assertEquals(0x0012019F, back.desiredAccess());
    }

    @Test
    void malformedRequestsAreInvalidParameter() {
        // name beyond the message
        ByteBuf m1 = Unpooled.buffer().writeZero(64);
        new CreateRequest(0, 0, 2, 0, 0, 1, 0, 7, 1, 0, "x", List.of()).encode(m1);
        m1.setShortLE(64 + 46, 200);
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> CreateRequest.decode(Smb2Body.of(m1))).status());
        // context chain out of bounds
        ByteBuf m2 = Unpooled.buffer().writeZero(64);
        new CreateRequest(0, 0, 2, 0, 0, 1, 0, 7, 1, 0, "x", List.of(new CreateContext("MxAc", new byte[0]))).encode(m2);
        m2.setIntLE(64 + 52, 4096);
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> CreateRequest.decode(Smb2Body.of(m2))).status());
        // short body
        ByteBuf m3 = Unpooled.buffer().writeZero(64).writeShortLE(57).writeZero(10);
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> CreateRequest.decode(Smb2Body.of(m3))).status());
        // a short MxAc request timestamp
        assertThrows(SmbException.class, () -> MaximalAccessRequest.decode(new byte[3]));
    }

    private static CreateRequest decode(ByteBuf m) {
        try {
            return CreateRequest.decode(Smb2Body.of(m));
        } catch (SmbException e) {
            throw new AssertionError("captured CREATE did not decode: " + e.getMessage(), e);
        }
    }
}
