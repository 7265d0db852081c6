package dev.casmb.smb.vfs;

import java.nio.file.attribute.FileTime;

/** What SMB needs to know about a file, read in one go by {@link Vfs#stat} (times as Windows FILETIME). */
public record FileMeta(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
                       long endOfFile, long allocationSize, int attributes, long fileId, int links,
                       boolean directory) {

    public static final int ATTR_READONLY = 0x1;
    public static final int ATTR_HIDDEN = 0x2;
    public static final int ATTR_SYSTEM = 0x4;
    public static final int ATTR_DIRECTORY = 0x10;
    public static final int ATTR_ARCHIVE = 0x20;
    public static final int ATTR_NORMAL = 0x80;

    private static final long EPOCH_DIFF_100NS = 116444736000000000L;

    public static long toFiletime(FileTime t) {
        if (t == null) return 0;
        long secs = t.to(java.util.concurrent.TimeUnit.SECONDS);
        long nanos = t.toInstant().getNano();
        return secs * 10_000_000L + nanos / 100 + EPOCH_DIFF_100NS;
    }

    public static FileTime fromFiletime(long ft) {
        long t = ft - EPOCH_DIFF_100NS;
        return FileTime.from(java.time.Instant.ofEpochSecond(Math.floorDiv(t, 10_000_000L),
            Math.floorMod(t, 10_000_000L) * 100));
    }

    /** The CLOSE/CREATE response fields (MS-SMB2 2.2.14, 2.2.16) of this file. */
    public dev.casmb.smb.proto.message.NetworkOpenInfo networkOpenInfo() {
        return new dev.casmb.smb.proto.message.NetworkOpenInfo(creationTime, lastAccessTime, lastWriteTime, changeTime,
            allocationSize, endOfFile, attributes);
    }

    /**
     * The 52-byte times/sizes/attributes block that CREATE and CLOSE responses share (MS-SMB2 2.2.14,
     * 2.2.16): creation, last access, last write, change, allocation size, end of file, attributes.
     */
    public void writeNetworkOpenFields(io.netty.buffer.ByteBuf b) {
        b.writeLongLE(creationTime);
        b.writeLongLE(lastAccessTime);
        b.writeLongLE(lastWriteTime);
        b.writeLongLE(changeTime);
        b.writeLongLE(allocationSize);
        b.writeLongLE(endOfFile);
        b.writeIntLE(attributes);
    }

}
