package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

/** SET_INFO input buffers (MS-FSCC 2.4): golden bytes, round trips, short and malformed buffers. */
class SetFileInfoTest {
    @Test
    void goldenBytes() {
        assertEquals("01" + "00000000000000" + "0000000000000000" + "06000000" + "61005c006200",
            ByteBufUtil.hexDump(new SetFileInfo.Rename(true, "a\\b").encode()));
        assertEquals("0100000000000000" + "0200000000000000" + "ffffffffffffffff" + "0000000000000000" + "20000000" + "00000000", // FileAttributes, Reserved
            ByteBufUtil.hexDump(new SetFileInfo.Basic(1, 2, -1, 0, 0x20).encode()));
        assertEquals("01", ByteBufUtil.hexDump(new SetFileInfo.Disposition(true).encode()));
        assertEquals("09000000", ByteBufUtil.hexDump(new SetFileInfo.DispositionEx(9).encode()));
        assertEquals("0010000000000000", ByteBufUtil.hexDump(new SetFileInfo.Int64(4096).encode()));
        assertEquals("02000000", ByteBufUtil.hexDump(new SetFileInfo.Mode(2).encode()));
    }

    @Test
    void roundTrips() throws SmbException {
        SetFileInfo.Rename r = new SetFileInfo.Rename(false, "dir\\new name.txt");
        assertEquals(r, SetFileInfo.Rename.decode(r.encode()));
        SetFileInfo.Basic b = new SetFileInfo.Basic(0x01D9000000000001L, 0, -2, 5, 0x2);
        assertEquals(b, SetFileInfo.Basic.decode(b.encode()));
        assertEquals(new SetFileInfo.Int64(-1), SetFileInfo.Int64.decode(new SetFileInfo.Int64(-1).encode()));
    }

    @Test
    void shortBuffersAreInfoLengthMismatch() {
        assertEquals(NtStatus.INFO_LENGTH_MISMATCH, assertThrows(SmbException.class, () -> SetFileInfo.Basic.decode(new byte[39])).status());
        assertEquals(NtStatus.INFO_LENGTH_MISMATCH, assertThrows(SmbException.class, () -> SetFileInfo.Rename.decode(new byte[19])).status());
        assertEquals(NtStatus.INFO_LENGTH_MISMATCH, assertThrows(SmbException.class, () -> SetFileInfo.Disposition.decode(new byte[0])).status());
        assertEquals(NtStatus.INFO_LENGTH_MISMATCH, assertThrows(SmbException.class, () -> SetFileInfo.Int64.decode(new byte[7])).status());
    }

    @Test
    void badRenameBuffersAreInvalidParameter() {
        byte[] b = new SetFileInfo.Rename(false, "x").encode();
        b[8] = 1; // RootDirectory set
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> SetFileInfo.Rename.decode(b)).status());
        byte[] odd = new SetFileInfo.Rename(false, "x").encode();
        odd[16] = 3;
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> SetFileInfo.Rename.decode(odd)).status());
        byte[] longer = new SetFileInfo.Rename(false, "x").encode();
        longer[16] = 40;
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> SetFileInfo.Rename.decode(longer)).status());
        byte[] empty = new SetFileInfo.Rename(false, "").encode();
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class, () -> SetFileInfo.Rename.decode(empty)).status());
    }
}
