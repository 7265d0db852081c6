package dev.casmb.smb.proto;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader over one SMB2 message whose header starts at index 0 of the buffer, so that the
 * offsets inside SMB2 structures (which count from the header, MS-SMB2 2.2) can be used as they are. Body
 * offsets count from the end of the 64-byte header. Every read outside the message is
 * STATUS_INVALID_PARAMETER, never an IndexOutOfBoundsException: the message codecs in
 * {@link dev.casmb.smb.proto.message} read only through this class.
 */
public final class Smb2Body {
    private final ByteBuf msg;

    private Smb2Body(ByteBuf msg) { this.msg = msg; }

    /** {@code msg} holds the header at index 0; its readable bytes end the message. */
    public static Smb2Body of(ByteBuf msg) { return new Smb2Body(msg); }

    /** The whole message, header at index 0. */
    public ByteBuf message() { return msg; }

    /** Length of the message, header included. */
    public int messageLength() { return msg.readableBytes(); }

    /** Length of the body (from StructureSize to the end of the message). */
    public int bodyLength() { return Math.max(0, msg.readableBytes() - Smb2Header.SIZE); }

    /** Fails with STATUS_INVALID_PARAMETER unless the body holds at least {@code n} bytes. */
    public void require(int n) throws SmbException {
        if (bodyLength() < n) throw new SmbException(NtStatus.INVALID_PARAMETER, "body shorter than " + n);
    }

    public int u8(int bodyOffset) throws SmbException {
        return msg.getUnsignedByte(at(bodyOffset, 1));
    }

    public int u16(int bodyOffset) throws SmbException {
        return msg.getUnsignedShortLE(at(bodyOffset, 2));
    }

    /** A 32-bit field as Java int (callers treat lengths as unsigned through {@link #slice}). */
    public int u32(int bodyOffset) throws SmbException {
        return msg.getIntLE(at(bodyOffset, 4));
    }

    public long u64(int bodyOffset) throws SmbException {
        return msg.getLongLE(at(bodyOffset, 8));
    }

    public FileId fileId(int bodyOffset) throws SmbException {
        return FileId.get(msg, at(bodyOffset, FileId.SIZE));
    }

    /** A view of [offset, offset+length) counted from the header; an empty buffer when length is 0. */
    public ByteBuf slice(long offset, long length) throws SmbException {
        if (length == 0) return msg.slice(0, 0);
        check(offset, length);
        return msg.slice((int) offset, (int) length);
    }

    /** A copy of [offset, offset+length) counted from the header. */
    public byte[] bytes(long offset, long length) throws SmbException {
        ByteBuf s = slice(offset, length);
        byte[] out = new byte[s.readableBytes()];
        s.getBytes(0, out);
        return out;
    }

    /** UTF-16LE text at [offset, offset+length) counted from the header; an odd length is invalid. */
    public String utf16(long offset, long length) throws SmbException {
        if ((length & 1) != 0) throw new SmbException(NtStatus.INVALID_PARAMETER, "odd UTF-16 length");
        return slice(offset, length).toString(StandardCharsets.UTF_16LE);
    }

    /** The index from the header of the {@code width}-byte field at {@code bodyOffset}, checked to lie in the message. */
    private int at(int bodyOffset, int width) throws SmbException {
        int offset = Smb2Header.SIZE + bodyOffset;
        check(offset, width);
        return offset;
    }

    private void check(long offset, long length) throws SmbException {
        if (offset < 0 || length < 0 || offset + length > msg.readableBytes()) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "field out of bounds");
        }
    }
}
