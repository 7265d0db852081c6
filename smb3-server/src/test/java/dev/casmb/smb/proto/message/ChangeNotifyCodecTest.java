package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CHANGE_NOTIFY request and response (MS-SMB2 2.2.35, 2.2.36) with FILE_NOTIFY_INFORMATION (MS-FSCC 2.7.1). The
 * captured seeds hold no CHANGE_NOTIFY, so the request here is as smbtorture's smb2_notify_send builds it.
 */
class ChangeNotifyCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void requestDecodesAndReencodesByteForByte() throws SmbException {
        String body = "2000" + "0100" + "e8030000" + "0100000000000000" + "0200000000000000" + "17000000" + "00000000";
        ChangeNotifyRequest r = ChangeNotifyRequest.decode(Smb2Body.of(message(body)));
        assertEquals(new ChangeNotifyRequest(1, 1000, new FileId(1, 2), 0x17, 0), r);
        assertTrue(r.watchTree());
        ByteBuf out = Unpooled.buffer();
        r.encode(out);
        assertEquals(body, ByteBufUtil.hexDump(out));
    }

    @Test
    void responseGoldenBytes() throws SmbException {
        ChangeNotifyResponse r = new ChangeNotifyResponse(List.of(
            new FileNotifyInformation(FileNotifyInformation.RENAMED_OLD_NAME, "a"),
            new FileNotifyInformation(FileNotifyInformation.RENAMED_NEW_NAME, "bc")));
        ByteBuf out = Unpooled.buffer().writeZero(64);
        r.encode(out);
        String body = "0900" + "4800" + "20000000"
            + "10000000" + "04000000" + "02000000" + "6100" + "0000"
            + "00000000" + "05000000" + "04000000" + "62006300";
        assertEquals(body, ByteBufUtil.hexDump(out.slice(64, out.readableBytes() - 64)));
        assertEquals(r, ChangeNotifyResponse.decode(Smb2Body.of(out)));
    }

    @Test
    void emptyResponseHasNoOffsetAndOnePaddingByte() {
        ByteBuf out = Unpooled.buffer();
        ChangeNotifyResponse.EMPTY.encode(out);
        assertEquals("0900" + "0000" + "00000000" + "00", ByteBufUtil.hexDump(out));
    }

    @Test
    void malformedIsInvalidParameter() {
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> ChangeNotifyRequest.decode(Smb2Body.of(message("2000" + "0100" + "e8030000")))).status());
        // FileNameLength past the end of the buffer
        ByteBuf bad = Unpooled.wrappedBuffer(HEX.parseHex("00000000" + "01000000" + "08000000" + "6100"));
        assertEquals(NtStatus.INVALID_PARAMETER,
            assertThrows(SmbException.class, () -> FileNotifyInformation.decodeAll(bad)).status());
        // NextEntryOffset past the end
        ByteBuf next = Unpooled.wrappedBuffer(HEX.parseHex("40000000" + "01000000" + "02000000" + "6100"));
        assertEquals(NtStatus.INVALID_PARAMETER,
            assertThrows(SmbException.class, () -> FileNotifyInformation.decodeAll(next)).status());
    }

    private static ByteBuf message(String bodyHex) {
        return Unpooled.buffer().writeZero(64).writeBytes(HEX.parseHex(bodyHex));
    }
}
