package dev.casmb.smb.info;

import dev.casmb.smb.vfs.FileMeta;

/**
 * Encoders for the directory-entry information classes of QUERY_DIRECTORY (MS-FSCC 2.4). An entry is
 * written with NextEntryOffset = 0; the caller links and 8-byte aligns entries.
 */
public final class DirectoryEntries {
    private DirectoryEntries() {}

    public static final int DIRECTORY = 1, FULL_DIRECTORY = 2, BOTH_DIRECTORY = 3, NAMES = 12,
        ID_BOTH_DIRECTORY = 37, ID_FULL_DIRECTORY = 38, ID_EXTD_DIRECTORY = 60;

    public static boolean supported(int cls) {
        return fixedSize(cls) > 0;
    }

    /** Size of the entry without its name. */
    public static int fixedSize(int cls) {
        return switch (cls) {
            case DIRECTORY -> 64;
            case FULL_DIRECTORY -> 68;
            case ID_FULL_DIRECTORY -> 80;
            case BOTH_DIRECTORY -> 94;
            case ID_BOTH_DIRECTORY -> 104;
            case NAMES -> 12;
            case ID_EXTD_DIRECTORY -> 88;
            default -> -1;
        };
    }

    public static int size(int cls, String name) {
        return fixedSize(cls) + 2 * name.length();
    }

    /** Appends one entry of class {@code cls} for {@code name} with metadata {@code m}. */
    public static void write(LeWriter w, int cls, String name, FileMeta m) {
        byte[] n = LeWriter.utf16le(name);
        w.u32(0).u32(0); // NextEntryOffset, FileIndex (0, as NTFS)
        if (cls == NAMES) {
            w.u32(n.length).bytes(n);
            return;
        }
        w.u64(m.creationTime()).u64(m.lastAccessTime()).u64(m.lastWriteTime()).u64(m.changeTime())
            .u64(m.endOfFile()).u64(m.allocationSize()).u32(m.attributes()).u32(n.length);
        switch (cls) {
            case DIRECTORY -> { }
            case FULL_DIRECTORY -> w.u32(0);
            case ID_FULL_DIRECTORY -> w.u32(0).u32(0).u64(m.fileId());
            case BOTH_DIRECTORY, ID_BOTH_DIRECTORY -> {
                w.u32(0); // EaSize
                byte[] s = LeWriter.utf16le(shortNameFor(name));
                w.u8(s.length).u8(0).bytes(s).zero(24 - s.length);
                if (cls == ID_BOTH_DIRECTORY) w.u16(0).u64(m.fileId());
            }
            case ID_EXTD_DIRECTORY -> w.u32(0).u32(0).u64(m.fileId()).u64(0);
            default -> throw new IllegalArgumentException("class " + cls);
        }
        w.bytes(n);
    }

    /** Directory listings carry a short name only where it differs from the long name (as NTFS). */
    static String shortNameFor(String name) {
        if (name.equals(".") || name.equals("..") || ShortNames.isValid83(name)) return "";
        return ShortNames.of(name);
    }
}
