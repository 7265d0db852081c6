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

/** SMB2 LOCK request and response (MS-SMB2 2.2.26, 2.2.27). */
class LockCodecTest {
    @Test
    void capturedRequestsDecodeAndReencodeByteForByte() throws SmbException {
        List<ByteBuf> frames = SeedFrames.requests(Smb2Command.LOCK);
        assertFalse(frames.isEmpty(), "the seeds hold LOCK requests");
        int decoded = 0;
        for (ByteBuf m : frames) {
            int count = m.getUnsignedShortLE(64 + 2);
            if (count == 0) {
                // smbtorture smb2.lock.valid-request sends LockCount 0: refused as Windows does
                assertEquals(NtStatus.INVALID_PARAMETER,
                    assertThrows(SmbException.class, () -> LockRequest.decode(Smb2Body.of(m))).status());
                continue;
            }
            LockRequest r = LockRequest.decode(Smb2Body.of(m));
            decoded++;
            ByteBuf out = Unpooled.buffer();
            r.encode(out);
            int size = LockRequest.FIXED_SIZE + r.locks().size() * LockRequest.ELEMENT_SIZE;
            assertArrayEquals(SeedFrames.body(m, size), ByteBufUtil.getBytes(out));
        }
        assertTrue(decoded > 0, "the seeds hold valid LOCK requests");
    }

    @Test
    void requestGoldenBytes() throws SmbException {
        LockRequest r = new LockRequest(0x35, new FileId(0x11, 0x22), List.of(
            new LockRequest.Element(100, 10, LockRequest.EXCLUSIVE | LockRequest.FAIL_IMMEDIATELY),
            new LockRequest.Element(-1L, 1, LockRequest.SHARED)));
        ByteBuf out = Unpooled.buffer().writeZero(64);
        r.encode(out);
        assertEquals("3000" + "0200" + "35000000" + "1100000000000000" + "2200000000000000"
            + "6400000000000000" + "0a00000000000000" + "12000000" + "00000000"
            + "ffffffffffffffff" + "0100000000000000" + "01000000" + "00000000",
            ByteBufUtil.hexDump(out.slice(64, out.readableBytes() - 64)));
        LockRequest back = LockRequest.decode(Smb2Body.of(out));
        assertEquals(r, back);
        assertEquals(3, back.sequenceIndex());
        assertEquals(5, back.sequenceNumber());
    }

    @Test
    void responseGoldenBytes() {
        ByteBuf out = Unpooled.buffer();
        LockResponse.INSTANCE.encode(out);
        assertEquals("04000000", ByteBufUtil.hexDump(out));
    }

    @Test
    void badLockCountOrShortArrayIsInvalidParameter() {
        assertInvalid(Unpooled.buffer().writeZero(64).writeShortLE(48).writeShortLE(0).writeZero(20 + 24)); // count 0
        assertInvalid(Unpooled.buffer().writeZero(64).writeShortLE(48).writeShortLE(2).writeZero(20 + 24)); // one of two
        assertInvalid(Unpooled.buffer().writeZero(64).writeShortLE(48).writeShortLE(LockRequest.MAX_LOCK_COUNT + 1)
            .writeZero(20 + 24 * (LockRequest.MAX_LOCK_COUNT + 1)));
        assertInvalid(Unpooled.buffer().writeZero(64).writeShortLE(48).writeShortLE(1).writeZero(10)); // short fixed part
    }

    private static void assertInvalid(ByteBuf msg) {
        SmbException e = assertThrows(SmbException.class, () -> LockRequest.decode(Smb2Body.of(msg)));
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }
}
