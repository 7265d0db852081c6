package dev.casmb.smb.proto;

import io.netty.buffer.ByteBuf;

/**
 * SMB2_FILEID (MS-SMB2 2.2.14.1): Persistent and Volatile, 8 bytes each. All ones in both is the
 * "previous CREATE's FileId" of a related compound request (MS-SMB2 3.3.5.2.7.2).
 */
public record FileId(long persistent, long volatileId) {
    public static final int SIZE = 16;
    public static final FileId RELATED = new FileId(-1L, -1L);

    public boolean isRelated() { return persistent == -1L && volatileId == -1L; }

    public void encode(ByteBuf out) {
        out.writeLongLE(persistent);
        out.writeLongLE(volatileId);
    }

    /** Reads a FileId at an absolute index of {@code buf}. */
    public static FileId get(ByteBuf buf, int at) {
        return new FileId(buf.getLongLE(at), buf.getLongLE(at + 8));
    }
}
