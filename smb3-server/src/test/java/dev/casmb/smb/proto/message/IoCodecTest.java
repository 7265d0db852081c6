package dev.casmb.smb.proto.message;

import static dev.casmb.smb.proto.message.Codec.assertInvalid;
import static dev.casmb.smb.proto.message.Codec.bodyHex;
import static dev.casmb.smb.proto.message.Codec.bodyHexOf;
import static dev.casmb.smb.proto.message.Codec.captured;
import static dev.casmb.smb.proto.message.Codec.decodes;
import static dev.casmb.smb.proto.message.Codec.hex;
import static dev.casmb.smb.proto.message.Codec.hexOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * READ (MS-SMB2 2.2.19, 2.2.20), WRITE (2.2.21, 2.2.22), IOCTL (2.2.31, 2.2.32) and the ERROR response
 * (2.2.2): captured client requests re-encode byte for byte, golden responses, data offsets (WRITE 0x70,
 * READ response 0x50, IOCTL response 0x70), buffers outside the message are STATUS_INVALID_PARAMETER.
 */
class IoCodecTest {
    private static final String FID = "0100000000000000" + "0200000000000000";

    @Test
    void capturedReadsReencodeByteForByte() {
        for (ByteBuf m : captured(Smb2Command.READ, ReadRequest.STRUCTURE_SIZE)) {
            assertEquals(bodyHexOf(m), hexOf(decodes(ReadRequest::decode, m)::encode));
        }
    }

    @Test
    void readRequestFields() throws SmbException {
        String hex = "3100" + "50" + "00" + "00000100" + "0010000000000000" + FID + "01000000" + "00000000"
            + "00000000" + "0000" + "0000" + "00";
        ReadRequest r = ReadRequest.decode(bodyHex(hex));
        assertEquals(65536, r.length());
        assertEquals(4096, r.offset());
        assertEquals(new FileId(1, 2), r.fileId());
        assertEquals(1, r.minimumCount());
        assertEquals(0x50, r.padding());
        assertEquals(hex, hexOf(r::encode));
        // ReadChannelInfo past the message
        assertInvalid(ReadRequest::decode, bodyHex(hex.substring(0, 88) + "7000" + "1000" + "00"));
        assertInvalid(ReadRequest::decode, bodyHex(hex.substring(0, 60)));
    }

    @Test
    void readResponseGoldenBytesAndInPlaceFixedPart() throws SmbException {
        ByteBuf data = Unpooled.wrappedBuffer(hex("a1b2c3"));
        String golden = "1100" + "50" + "00" + "03000000" + "00000000" + "00000000" + "a1b2c3";
        assertEquals(golden, hexOf(new ReadResponse(0, data)::encode));
        ReadResponse back = ReadResponse.decode(bodyHex(golden));
        assertEquals(3, back.dataLength());
        assertEquals("a1b2c3", ByteBufUtil.hexDump(back.data()));
        // the zero-copy path: data first at FIXED_SIZE, the fixed part written in place afterwards
        ByteBuf b = Unpooled.buffer(ReadResponse.FIXED_SIZE + 3);
        b.writerIndex(ReadResponse.FIXED_SIZE).writeBytes(hex("a1b2c3"));
        ReadResponse.encodeFixed(b.duplicate().clear(), 3, 0);
        assertEquals(golden, ByteBufUtil.hexDump(b));
        // no data: one padding byte
        assertEquals("1100" + "50" + "00" + "00000000" + "00000000" + "00000000" + "00",
            hexOf(new ReadResponse(0, Unpooled.EMPTY_BUFFER)::encode));
        assertInvalid(ReadResponse::decode, bodyHex("1100" + "50" + "00" + "10000000" + "00000000" + "00000000" + "a1"));
    }

    @Test
    void capturedWritesReencodeByteForByte() {
        for (ByteBuf m : captured(Smb2Command.WRITE, WriteRequest.STRUCTURE_SIZE)) {
            WriteRequest r = decodes(WriteRequest::decode, m);
            assertEquals(WriteRequest.DATA_OFFSET, m.getUnsignedShortLE(66));
            assertEquals(bodyHexOf(m), hexOf(r::encode));
        }
    }

    @Test
    void writeGoldenBytesAndMalformed() throws SmbException {
        String hex = "3100" + "7000" + "03000000" + "ffffffffffffffff" + FID + "00000000" + "00000000"
            + "0000" + "0000" + "01000000" + "a1b2c3";
        WriteRequest r = WriteRequest.decode(bodyHex(hex));
        assertEquals(3, r.length());
        assertEquals(-1L, r.offset());
        assertTrue(r.writeThrough());
        assertEquals(hex, hexOf(r::encode));
        // Length past the message, DataOffset past the message, a huge (negative as int) Length
        assertInvalid(WriteRequest::decode, bodyHex(hex.replace("3100" + "7000" + "03000000", "3100" + "7000" + "04000000")));
        assertInvalid(WriteRequest::decode, bodyHex(hex.replace("3100" + "7000", "3100" + "7100")));
        assertInvalid(WriteRequest::decode, bodyHex(hex.replace("3100" + "7000" + "03000000", "3100" + "7000" + "ffffffff")));
        String resp = "1100" + "0000" + "03000000" + "00000000" + "0000" + "0000";
        assertEquals(resp, hexOf(new WriteResponse(3, 0)::encode));
        assertEquals(new WriteResponse(3, 0), WriteResponse.decode(bodyHex(resp)));
        assertInvalid(WriteResponse::decode, bodyHex("1100" + "0000" + "03000000"));
    }

    @Test
    void capturedIoctlsReencodeByteForByteUpToEmptyBufferOffsets() {
        int n = 0;
        for (ByteBuf m : captured(Smb2Command.IOCTL, IoctlRequest.STRUCTURE_SIZE)) {
            IoctlRequest r = decodes(IoctlRequest::decode, m);
            ByteBuf expected = m.copy();
            // an offset with a zero count means nothing: clients send 0 or 0x78; the codec writes 0
            if (expected.getIntLE(64 + 28) == 0) expected.setIntLE(64 + 24, 0);
            if (expected.getIntLE(64 + 40) == 0) expected.setIntLE(64 + 36, 0);
            assertEquals(bodyHexOf(expected), hexOf(r::encode));
            n++;
        }
        assertTrue(n >= 5, "captured IOCTLs: " + n);
    }

    @Test
    void ioctlGoldenBytesAndMalformed() throws SmbException {
        String hex = "3900" + "0000" + "04021400" + "ffffffffffffffff" + "ffffffffffffffff"
            + "78000000" + "02000000" + "00000000" + "00000000" + "00000000" + "18000000" + "01000000" + "00000000"
            + "0203";
        IoctlRequest r = IoctlRequest.decode(bodyHex(hex));
        assertEquals(0x00140204, r.ctlCode());
        assertTrue(r.fileId().isRelated());
        assertEquals("0203", ByteBufUtil.hexDump(r.input()));
        assertEquals(24, r.maxOutputResponse());
        assertEquals(hex, hexOf(r::encode));
        assertInvalid(IoctlRequest::decode, bodyHex(hex.replace("78000000" + "02000000", "78000000" + "03000000")));
        assertInvalid(IoctlRequest::decode, bodyHex(hex.replace("78000000" + "02000000", "78000000" + "ffffffff")));
        // OutputCount 1 at 0x7a, just past the end
        assertInvalid(IoctlRequest::decode, bodyHex(hex.replace("00000000" + "00000000" + "00000000" + "18000000",
            "00000000" + "7a000000" + "01000000" + "18000000")));
        assertInvalid(IoctlRequest::decode, bodyHex(hex.substring(0, 100)));

        String resp = "3100" + "0000" + "04021400" + FID + "70000000" + "00000000" + "70000000" + "02000000"
            + "00000000" + "00000000" + "a1b2";
        IoctlResponse out = new IoctlResponse(0x00140204, new FileId(1, 2), hex("a1b2"));
        assertEquals(resp, hexOf(out::encode));
        IoctlResponse back = IoctlResponse.decode(bodyHex(resp));
        assertArrayEquals(hex("a1b2"), back.output());
        assertEquals(new FileId(1, 2), back.fileId());
        // no output: OutputOffset still 0x70, one padding byte
        assertEquals(resp.substring(0, 72) + "00000000" + "00000000" + "00000000" + "00",
            hexOf(new IoctlResponse(0x00140204, new FileId(1, 2), new byte[0])::encode));
    }

    @Test
    void errorResponseGoldenBytes() throws SmbException {
        assertEquals("0900" + "00" + "00" + "00000000" + "00", hexOf(ErrorResponse.EMPTY::encode));
        String withData = "0900" + "01" + "00" + "04000000" + "a1b2c3d4";
        ErrorResponse e = new ErrorResponse(1, hex("a1b2c3d4"));
        assertEquals(withData, hexOf(e::encode));
        ErrorResponse back = ErrorResponse.decode(bodyHex(withData));
        assertEquals(1, back.errorContextCount());
        assertArrayEquals(hex("a1b2c3d4"), back.errorData());
        assertInvalid(ErrorResponse::decode, bodyHex("0900" + "00" + "00" + "08000000" + "a1b2c3d4"));
    }
}
