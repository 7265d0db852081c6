package dev.casmb.smb.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.casmb.smb.proto.message.FileNotifyInformation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FILE_NOTIFY_INFORMATION records (MS-FSCC 2.7.1): 4-byte aligned, last NextEntryOffset 0. */
class ChangeNotifyEncodingTest {
    @Test
    void recordsAreChainedAndAligned() {
        ByteBuf out = Unpooled.buffer();
        FileNotifyInformation.encodeAll(List.of(new FileNotifyInformation(ChangeNotify.RENAMED_OLD_NAME, "a"),
            new FileNotifyInformation(ChangeNotify.RENAMED_NEW_NAME, "bc")), out);
        assertArrayEquals(HexFormat.of().parseHex(
            "10000000" + "04000000" + "02000000" + "6100" + "0000"
                + "00000000" + "05000000" + "04000000" + "62006300"), ByteBufUtil.getBytes(out));
    }
}
