package dev.casmb.smb.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FILE_NOTIFY_INFORMATION records (MS-FSCC 2.7.1): 4-byte aligned, last NextEntryOffset 0. */
class ChangeNotifyEncodingTest {
    @Test
    void recordsAreChainedAndAligned() {
        byte[] b = ChangeNotify.encode(
            List.of(new ChangeNotify.Change(Path.of("/d/a"), ChangeNotify.RENAMED_OLD_NAME, ChangeNotify.FILE_NAME),
                new ChangeNotify.Change(Path.of("/d/bc"), ChangeNotify.RENAMED_NEW_NAME, ChangeNotify.FILE_NAME)),
            List.of("a", "bc"));
        assertArrayEquals(HexFormat.of().parseHex(
            "10000000" + "04000000" + "02000000" + "6100" + "0000"
                + "00000000" + "05000000" + "04000000" + "62006300"), b);
    }
}
