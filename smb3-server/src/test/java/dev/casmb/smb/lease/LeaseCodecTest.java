package dev.casmb.smb.lease;

import dev.casmb.smb.proto.LeaseState;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.message.LeaseBreakNotification;
import dev.casmb.smb.proto.message.LeaseBreakResponse;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RqLs contexts (MS-SMB2 2.2.13.2.8/10, 2.2.14.2.10/11), lease break notification and ack (2.2.23.2, 2.2.25.2). */
class LeaseCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY = "0df0dde0fe0fdcbaf20f221f01f02345"; // smbtorture LEASE1 on the wire

    @Test
    void v1RequestAndResponse() throws SmbException {
        byte[] req = HEX.parseHex(KEY + "07000000" + "00000000" + "0000000000000000");
        LeaseContext c = LeaseContext.parse(req, true);
        assertEquals(1, c.version());
        assertEquals(LeaseState.RWH, c.state());
        assertArrayEquals(HEX.parseHex(KEY), c.key());
        byte[] resp = new LeaseContext(1, c.key(), LeaseState.RH, LeaseContext.FLAG_BREAK_IN_PROGRESS, null, 0).encode();
        assertArrayEquals(HEX.parseHex(KEY + "03000000" + "02000000" + "0000000000000000"), resp);
    }

    @Test
    void v2RequestWithParentAndEpoch() throws SmbException {
        String parent = "00112233445566778899aabbccddeeff";
        byte[] req = HEX.parseHex(KEY + "03000000" + "04000000" + "0000000000000000" + parent + "1147" + "0000");
        LeaseContext c = LeaseContext.parse(req, true);
        assertEquals(2, c.version());
        assertEquals(0x4711, c.epoch());
        assertArrayEquals(HEX.parseHex(parent), c.parentKey());
        byte[] resp = new LeaseContext(2, c.key(), LeaseState.RH, 0, null, 0x4712).encode();
        assertArrayEquals(HEX.parseHex(KEY + "03000000" + "00000000" + "0000000000000000" + "00".repeat(16) + "1247" + "0000"),
            resp);
    }

    @Test
    void v2ContextOnSmb21IsReadAsV1() throws SmbException {
        byte[] req = HEX.parseHex(KEY + "01000000" + "00000000" + "0000000000000000" + "00".repeat(16) + "0500" + "0000");
        LeaseContext c = LeaseContext.parse(req, false);
        assertEquals(1, c.version());
        assertNull(c.parentKey());
    }

    @Test
    void badLengthIsInvalidParameter() {
        SmbException e = assertThrows(SmbException.class, () -> LeaseContext.parse(new byte[31], true));
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }

    @Test
    void breakNotification() {
        ByteBuf b = BreakSender.encode(UnpooledByteBufAllocator.DEFAULT,
            new LeaseBreakNotification(0x13, true, HEX.parseHex(KEY), LeaseState.RWH, LeaseState.RH));
        byte[] got = ByteBufUtil.getBytes(b);
        b.release();
        String header = "fe534d42" + "4000" + "0000" + "00000000" + "1200" + "0000" + "01000000" + "00000000"
            + "ffffffffffffffff" + "00000000" + "00000000" + "0000000000000000" + "00".repeat(16);
        String body = "2c00" + "1300" + "01000000" + KEY + "07000000" + "03000000" + "00000000" + "00000000" + "00000000";
        assertArrayEquals(HEX.parseHex(header + body), got);
    }

    @Test
    void ackResponse() {
        ByteBuf b = Unpooled.buffer();
        new LeaseBreakResponse(HEX.parseHex(KEY), LeaseState.R).encode(b);
        assertArrayEquals(HEX.parseHex("2400" + "0000" + "00000000" + KEY + "01000000" + "0000000000000000"),
            ByteBufUtil.getBytes(b));
        b.release();
    }
}
