package dev.casmb.smb.vfs.local;

import dev.casmb.smb.vfs.FileMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * {@link LocalVfs#stat}: a local file's {@link FileMeta} from one {@code unix:} attribute read (a confined link is
 * followed), DOS attributes merged from the {@code user.casmb.dosattrib} xattr ({@link DosAttributes}): read-only from
 * the owner write bit, hidden for dot names, archive for files (MS-FSCC 2.6).
 */
final class LocalStat {
    private LocalStat() {}

    /**
     * The attributes {@link #read} uses, by name: "unix:*" would also resolve the owner and group to
     * names (a user database lookup, 12 us instead of 2 us per CREATE here).
     */
    private static final String ATTRS = "unix:isDirectory,isSymbolicLink,size,lastModifiedTime,lastAccessTime,ctime,"
        + "creationTime,mode,ino,nlink";

    static FileMeta read(Path p) throws IOException {
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
        int attrs = dir ? FileMeta.ATTR_DIRECTORY : FileMeta.ATTR_ARCHIVE;
        if ((mode & 0200) == 0) attrs |= FileMeta.ATTR_READONLY;
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.startsWith(".") && name.length() > 1) attrs |= FileMeta.ATTR_HIDDEN;
        Integer stored = DosAttributes.read(p);
        if (stored != null) {
            int kept = attrs & (FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_READONLY);
            attrs = (stored & ~FileMeta.ATTR_DIRECTORY & ~FileMeta.ATTR_READONLY) | kept;
            if (!dir && attrs == 0) attrs = FileMeta.ATTR_NORMAL;
        }
        long alloc = dir ? 0 : roundUp(size, 4096);
        long ino = ((Number) a.get("ino")).longValue();
        int nlink = ((Number) a.get("nlink")).intValue();
        return new FileMeta(FileMeta.toFiletime(btime), FileMeta.toFiletime(atime), FileMeta.toFiletime(mtime),
            FileMeta.toFiletime(ctime),
            size, alloc, attrs, ino, nlink, dir);
    }

    private static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }
}
