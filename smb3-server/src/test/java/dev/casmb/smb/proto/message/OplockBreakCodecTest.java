package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * OPLOCK_BREAK bodies (MS-SMB2 2.2.23-2.2.25): oplock and lease notification, acknowledgment and response. The
 * captured seeds hold no OPLOCK_BREAK, so the client frames here are as smbtorture's smb2_break / smb2_lease_break_ack
 * build them.
 */
class OplockBreakCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY = "0df0dde0fe0fdcbaf20f221f01f02345"; // smbtorture LEASE1

    @Test
    void oplockAcknowledgmentDecodesAndReencodesByteForByte() throws SmbException {
        String body = "1800" + "01" + "00" + "00000000" + "1100000000000000" + "2200000000000000";
        ByteBuf msg = message(body);
        OplockBreakAcknowledgment a = OplockBreakAcknowledgment.decode(Smb2Body.of(msg));
        assertEquals(new OplockBreakAcknowledgment(1, new FileId(0x11, 0x22)), a);
        ByteBuf out = Unpooled.buffer();
        a.encode(out);
        assertEquals(body, ByteBufUtil.hexDump(out));
    }

    @Test
    void oplockResponseAndNotificationGoldenBytes() throws SmbException {
        ByteBuf out = Unpooled.buffer();
        new OplockBreakResponse(0, new FileId(-1L, -1L)).encode(out);
        assertEquals("1800" + "00" + "00" + "00000000" + "ff".repeat(16), ByteBufUtil.hexDump(out));
        ByteBuf n = Unpooled.buffer().writeZero(64);
        new OplockBreakNotification(8, new FileId(3, 4)).encode(n);
        assertEquals(new OplockBreakNotification(8, new FileId(3, 4)), OplockBreakNotification.decode(Smb2Body.of(n)));
        assertEquals(new OplockBreakResponse(8, new FileId(3, 4)), OplockBreakResponse.decode(Smb2Body.of(n)));
    }

    @Test
    void leaseAcknowledgmentDecodesAndReencodesByteForByte() throws SmbException {
        String body = "2400" + "0000" + "00000000" + KEY + "03000000" + "0000000000000000";
        LeaseBreakAcknowledgment a = LeaseBreakAcknowledgment.decode(Smb2Body.of(message(body)));
        assertArrayEquals(HEX.parseHex(KEY), a.leaseKey());
        assertEquals(3, a.leaseState());
        ByteBuf out = Unpooled.buffer();
        a.encode(out);
        assertEquals(body, ByteBufUtil.hexDump(out));
    }

    @Test
    void leaseResponseGoldenBytes() throws SmbException {
        ByteBuf out = Unpooled.buffer();
        new LeaseBreakResponse(HEX.parseHex(KEY), 1).encode(out);
        String body = "2400" + "0000" + "00000000" + KEY + "01000000" + "0000000000000000";
        assertEquals(body, ByteBufUtil.hexDump(out));
        LeaseBreakResponse back = LeaseBreakResponse.decode(Smb2Body.of(message(body)));
        assertArrayEquals(HEX.parseHex(KEY), back.leaseKey());
        assertEquals(1, back.leaseState());
    }

    @Test
    void leaseNotificationRoundTrip() throws SmbException {
        LeaseBreakNotification n = new LeaseBreakNotification(0x13, true, HEX.parseHex(KEY), 7, 3);
        ByteBuf out = Unpooled.buffer().writeZero(64);
        n.encode(out);
        assertEquals("2c00" + "1300" + "01000000" + KEY + "07000000" + "03000000" + "00".repeat(12),
            ByteBufUtil.hexDump(out.slice(64, out.readableBytes() - 64)));
        LeaseBreakNotification back = LeaseBreakNotification.decode(Smb2Body.of(out));
        assertArrayEquals(n.leaseKey(), back.leaseKey());
        assertEquals(n.flags(), back.flags());
        assertEquals(n.newEpoch(), back.newEpoch());
        assertEquals(n.newLeaseState(), back.newLeaseState());
    }

    @Test
    void shortBodiesAreInvalidParameter() {
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> OplockBreakAcknowledgment.decode(Smb2Body.of(message("1800" + "01" + "00" + "00000000" + "11")))).status());
        // a lease acknowledgment must carry all 36 bytes (smbtorture lease.breaking* send them; a short one is refused)
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> LeaseBreakAcknowledgment.decode(Smb2Body.of(message("2400" + "0000" + "00000000" + KEY + "0300")))).status());
    }

    private static ByteBuf message(String bodyHex) {
        return Unpooled.buffer().writeZero(64).writeBytes(HEX.parseHex(bodyHex));
    }
}
