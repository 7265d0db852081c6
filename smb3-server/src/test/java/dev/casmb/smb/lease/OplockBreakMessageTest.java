package dev.casmb.smb.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.message.OplockBreakNotification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The unsolicited Oplock Break Notification as BreakSender frames it (MS-SMB2 2.2.23.1, 3.3.4.6). */
class OplockBreakMessageTest {
    @Test
    void headerHasAllOnesMessageIdAndNoSessionOrTree() {
        ByteBuf b = BreakSender.encode(UnpooledByteBufAllocator.DEFAULT,
            new OplockBreakNotification(Oplocks.LEVEL_II, new FileId(0x11, 0x22)));
        byte[] got = ByteBufUtil.getBytes(b);
        b.release();
        String header = "fe534d42" + "4000" + "0000" + "00000000" + "1200" + "0000" + "01000000" + "00000000"
            + "ffffffffffffffff" + "00000000" + "00000000" + "0000000000000000" + "00".repeat(16);
        String body = "1800" + "01" + "00" + "00000000" + "1100000000000000" + "2200000000000000";
        assertArrayEquals(HexFormat.of().parseHex(header + body), got);
    }
}
