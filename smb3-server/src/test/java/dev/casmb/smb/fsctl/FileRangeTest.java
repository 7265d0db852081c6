package dev.casmb.smb.fsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

/** FILE_ZERO_DATA_INFORMATION / FILE_ALLOCATED_RANGE_BUFFER (MS-FSCC 2.3.69, 2.3.52). */
class FileRangeTest {
    @Test
    void goldenBytesAndRoundTrip() throws SmbException {
        FileRange r = new FileRange(0x1000, 0x20000);
        assertEquals("0010000000000000" + "0000020000000000", ByteBufUtil.hexDump(r.encode()));
        assertEquals(r, FileRange.decode(r.encode()));
        byte[] longer = new byte[24];
        System.arraycopy(r.encode(), 0, longer, 0, 16);
        assertEquals(r, FileRange.decode(longer), "trailing bytes are ignored, as before");
    }

    @Test
    void shortInputIsInvalidParameter() {
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> FileRange.decode(new byte[15])).status());
    }
}
