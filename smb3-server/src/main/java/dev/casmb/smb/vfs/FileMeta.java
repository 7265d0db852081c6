package dev.casmb.smb.vfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/** What SMB needs to know about a file, read in one go (times as Windows FILETIME). */
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

    /**
     * The 52-byte times/sizes/attributes block that CREATE and CLOSE responses share (MS-SMB2 2.2.14,
     * 2.2.16): creation, last access, last write, change, allocation size, end of file, attributes.
     */
    /** The CLOSE/CREATE response fields (MS-SMB2 2.2.16) of this file. */
    public dev.casmb.smb.proto.message.NetworkOpenInfo networkOpenInfo() {
        return new dev.casmb.smb.proto.message.NetworkOpenInfo(creationTime, lastAccessTime, lastWriteTime, changeTime,
            allocationSize, endOfFile, attributes);
    }

    public void writeNetworkOpenFields(io.netty.buffer.ByteBuf b) {
        b.writeLongLE(creationTime);
        b.writeLongLE(lastAccessTime);
        b.writeLongLE(lastWriteTime);
        b.writeLongLE(changeTime);
        b.writeLongLE(allocationSize);
        b.writeLongLE(endOfFile);
        b.writeIntLE(attributes);
    }

    /**
     * The attributes {@link #read} uses, by name: "unix:*" would also resolve the owner and group to
     * names (a user database lookup, 12 us instead of 2 us per CREATE here).
     */
    private static final String ATTRS = "unix:isDirectory,isSymbolicLink,size,lastModifiedTime,lastAccessTime,ctime,"
        + "creationTime,mode,ino,nlink";

    public static FileMeta read(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        boolean dir = Boolean.TRUE.equals(a.get("isDirectory"));
        if (Boolean.TRUE.equals(a.get("isSymbolicLink"))) {
            // confined symlinks are followed
            a = Files.readAttributes(p, ATTRS);
            dir = Boolean.TRUE.equals(a.get("isDirectory"));
        }
        long size = dir ? 0 : ((Number) a.get("size")).longValue();
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        FileTime atime = (FileTime) a.get("lastAccessTime");
        FileTime ctime = (FileTime) a.get("ctime");
        FileTime btime = (FileTime) a.get("creationTime");
        if (btime == null || btime.toMillis() == 0) btime = mtime;
        int mode = ((Number) a.get("mode")).intValue();
        int attrs = dir ? ATTR_DIRECTORY : ATTR_ARCHIVE;
        if ((mode & 0200) == 0) attrs |= ATTR_READONLY;
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.startsWith(".") && name.length() > 1) attrs |= ATTR_HIDDEN;
        Integer stored = DosAttributes.read(p);
        if (stored != null) {
            attrs = (stored & ~ATTR_DIRECTORY & ~ATTR_READONLY) | (attrs & (ATTR_DIRECTORY | ATTR_READONLY));
            if (!dir && attrs == 0) attrs = ATTR_NORMAL;
        }
        long alloc = dir ? 0 : roundUp(size, 4096);
        long ino = ((Number) a.get("ino")).longValue();
        int nlink = ((Number) a.get("nlink")).intValue();
        return new FileMeta(toFiletime(btime), toFiletime(atime), toFiletime(mtime), toFiletime(ctime),
            size, alloc, attrs, ino, nlink, dir);
    }

    private static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }
}
