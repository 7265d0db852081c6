package dev.casmb.smb.proto.message;

import io.netty.buffer.ByteBuf;

/**
 * The times, sizes and attributes that CLOSE (MS-SMB2 2.2.16) and CREATE (2.2.14) responses carry, in
 * their wire order: CreationTime, LastAccessTime, LastWriteTime, ChangeTime (FILETIME), AllocationSize,
 * EndOfFile, FileAttributes. 52 bytes.
 */
public record NetworkOpenInfo(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
                              long allocationSize, long endOfFile, int fileAttributes) {
    public static final int SIZE = 52;
    public static final NetworkOpenInfo ZERO = new NetworkOpenInfo(0, 0, 0, 0, 0, 0, 0);

    public void encode(ByteBuf out) {
        out.writeLongLE(creationTime);
        out.writeLongLE(lastAccessTime);
        out.writeLongLE(lastWriteTime);
        out.writeLongLE(changeTime);
        out.writeLongLE(allocationSize);
        out.writeLongLE(endOfFile);
        out.writeIntLE(fileAttributes);
    }

    /** Reads the 52 bytes at an absolute index. */
    public static NetworkOpenInfo get(ByteBuf buf, int at) {
        return new NetworkOpenInfo(buf.getLongLE(at), buf.getLongLE(at + 8), buf.getLongLE(at + 16),
            buf.getLongLE(at + 24), buf.getLongLE(at + 32), buf.getLongLE(at + 40), buf.getIntLE(at + 48));
    }
}
