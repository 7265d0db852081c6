package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * SMB2 CHANGE_NOTIFY Response (MS-SMB2 2.2.36): StructureSize 9, OutputBufferOffset, OutputBufferLength, Buffer
 * (FILE_NOTIFY_INFORMATION records, {@link FileNotifyInformation}). An empty buffer has offset 0 and one padding
 * byte, as the variable part of a response is never empty on the wire.
 */
public record ChangeNotifyResponse(List<FileNotifyInformation> changes) {
    public static final int STRUCTURE_SIZE = 9;
    public static final ChangeNotifyResponse EMPTY = new ChangeNotifyResponse(List.of());

    public ChangeNotifyResponse {
        changes = List.copyOf(changes);
    }

    /** The encoded Buffer's length (what must fit the request's OutputBufferLength). */
    public int bufferLength() {
        return FileNotifyInformation.encodedLength(changes);
    }

    public static ChangeNotifyResponse decode(Smb2Body b) throws SmbException {
        b.require(8);
        int offset = b.u16(2);
        int length = b.u32(4);
        if (length == 0) return EMPTY;
        return new ChangeNotifyResponse(FileNotifyInformation.decodeAll(b.slice(offset, length & 0xFFFFFFFFL)));
    }

    public void encode(ByteBuf out) {
        int length = bufferLength();
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(length == 0 ? 0 : 64 + 8);
        out.writeIntLE(length);
        if (length == 0) out.writeByte(0);
        else FileNotifyInformation.encodeAll(changes, out);
    }
}
