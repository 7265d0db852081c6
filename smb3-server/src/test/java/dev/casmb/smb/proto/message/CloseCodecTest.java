package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.Smb2Command;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseCodecTest {
    @Test
    void capturedRequestsDecodeAndReencodeByteForByte() {
        List<ByteBuf> frames = SeedFrames.requests(Smb2Command.CLOSE);
        assertFalse(frames.isEmpty(), "the seeds hold CLOSE requests");
        for (ByteBuf m : frames) {
            CloseRequest r = assertDoesNotFail(m);
            ByteBuf out = Unpooled.buffer();
            r.encode(out);
            assertArrayEquals(SeedFrames.body(m, CloseRequest.STRUCTURE_SIZE), ByteBufUtil.getBytes(out));
        }
    }

    @Test
    void responseGoldenBytes() throws SmbException {
        CloseResponse r = new CloseResponse(1, new NetworkOpenInfo(0x01D9000000000001L, 2, 3, 4, 4096, 5, 0x20));
        ByteBuf out = Unpooled.buffer();
        r.encode(out);
        // MS-SMB2 2.2.16: 3c00 0100 00000000, four FILETIMEs, AllocationSize, EndOfFile, FileAttributes
        assertEquals("3c00" + "0100" + "00000000"
            + "010000000000d901" + "0200000000000000" + "0300000000000000" + "0400000000000000"
            + "0010000000000000" + "0500000000000000" + "20000000", ByteBufUtil.hexDump(out));
        ByteBuf msg = Unpooled.buffer().writeZero(64).writeBytes(out);
        assertEquals(r, CloseResponse.decode(Smb2Body.of(msg)));
    }

    @Test
    void shortBodyIsInvalidParameter() {
        ByteBuf msg = Unpooled.buffer().writeZero(64).writeShortLE(24).writeShortLE(0);
        SmbException e = assertThrows(SmbException.class, () -> CloseRequest.decode(Smb2Body.of(msg)));
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }

    @Test
    void relatedFileIdIsAllOnes() throws SmbException {
        ByteBuf msg = Unpooled.buffer().writeZero(64);
        new CloseRequest(0, FileId.RELATED).encode(msg);
        assertEquals(true, CloseRequest.decode(Smb2Body.of(msg)).fileId().isRelated());
    }

    private static CloseRequest assertDoesNotFail(ByteBuf m) {
        try {
            return CloseRequest.decode(Smb2Body.of(m));
        } catch (SmbException e) {
            throw new AssertionError("captured CLOSE did not decode: " + e.getMessage(), e);
        }
    }
}
