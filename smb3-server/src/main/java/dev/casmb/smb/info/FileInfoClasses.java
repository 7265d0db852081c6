package dev.casmb.smb.info;

import dev.casmb.smb.vfs.FileMeta;

/**
 * Encoders for the file information classes of SMB2 QUERY_INFO (MS-FSCC 2.4). Each returns the
 * complete structure; the caller truncates it to the client's OutputBufferLength.
 */
public final class FileInfoClasses {
    private FileInfoClasses() {}

    public static final int BASIC = 4, STANDARD = 5, INTERNAL = 6, EA = 7, ACCESS = 8, NAME = 9, RENAME = 10,
        LINK = 11, NAMES = 12, DISPOSITION = 13, POSITION = 14, FULL_EA = 15, MODE = 16, ALIGNMENT = 17, ALL = 18,
        ALLOCATION = 19, END_OF_FILE = 20, ALTERNATE_NAME = 21, STREAM = 22, PIPE = 23, COMPRESSION = 28,
        NETWORK_OPEN = 34, ATTRIBUTE_TAG = 35, NORMALIZED_NAME = 48, DISPOSITION_EX = 64;

    /** FILE_MODE_INFORMATION bits that come from the CREATE options (MS-FSCC 2.4.26). */
    public static final int MODE_MASK = 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000;

    /**
     * The size of the class's fixed part (the C structure size, including one name character rounded
     * to alignment): an OutputBufferLength below it is STATUS_INFO_LENGTH_MISMATCH. -1 if unknown.
     */
    public static int fixedSize(int cls) {
        return switch (cls) {
            case BASIC -> 40;
            case STANDARD -> 24;
            case INTERNAL, POSITION, ATTRIBUTE_TAG, NAME, ALTERNATE_NAME, NORMALIZED_NAME -> 8;
            case EA, ACCESS, MODE, ALIGNMENT -> 4;
            case ALL -> 104;
            case STREAM -> 32;
            case COMPRESSION -> 16;
            case NETWORK_OPEN -> 56;
            case FULL_EA -> 12;
            default -> -1;
        };
    }

    public static byte[] basic(FileMeta m) {
        return writeBasic(new LeWriter(40), m).toBytes();
    }

    private static LeWriter writeBasic(LeWriter w, FileMeta m) {
        return w.u64(m.creationTime()).u64(m.lastAccessTime()).u64(m.lastWriteTime()).u64(m.changeTime())
            .u32(m.attributes()).u32(0);
    }

    public static byte[] standard(FileMeta m, boolean deletePending) {
        return writeStandard(new LeWriter(24), m, deletePending).toBytes();
    }

    private static LeWriter writeStandard(LeWriter w, FileMeta m, boolean deletePending) {
        return w.u64(m.allocationSize()).u64(m.endOfFile()).u32(Math.max(1, m.links()))
            .u8(deletePending ? 1 : 0).u8(m.directory() ? 1 : 0).u16(0);
    }

    public static byte[] internal(long fileId) { return new LeWriter(8).u64(fileId).toBytes(); }

    public static byte[] ea(int eaSize) { return new LeWriter(4).u32(eaSize).toBytes(); }

    public static byte[] access(int granted) { return new LeWriter(4).u32(granted).toBytes(); }

    public static byte[] position(long pos) { return new LeWriter(8).u64(pos).toBytes(); }

    public static byte[] mode(int createOptions) { return new LeWriter(4).u32(createOptions & MODE_MASK).toBytes(); }

    /** FILE_BYTE_ALIGNMENT: no alignment requirement. */
    public static byte[] alignment() { return new LeWriter(4).u32(0).toBytes(); }

    /** FILE_NAME_INFORMATION (also alternate and normalized names): length + UTF-16 name. */
    public static byte[] name(String name) {
        byte[] n = LeWriter.utf16le(name);
        return new LeWriter(4 + n.length).u32(n.length).bytes(n).toBytes();
    }

    /** FILE_ALL_INFORMATION (MS-FSCC 2.4.2). */
    public static byte[] all(FileMeta m, boolean deletePending, int granted, long position, int createOptions,
                             String name) {
        byte[] n = LeWriter.utf16le(name);
        LeWriter w = new LeWriter(100 + n.length);
        writeBasic(w, m);
        writeStandard(w, m, deletePending);
        w.u64(m.fileId());          // internal
        w.u32(0);                   // EA size
        w.u32(granted);             // access
        w.u64(position);
        w.u32(createOptions & MODE_MASK);
        w.u32(0);                   // alignment
        w.u32(n.length).bytes(n);
        return w.toBytes();
    }

    /** FILE_STREAM_INFORMATION: the unnamed data stream of a file; directories have none. */
    public static byte[] stream(FileMeta m) {
        if (m.directory()) return new byte[0];
        byte[] n = LeWriter.utf16le("::$DATA");
        return new LeWriter(24 + n.length).u32(0).u32(n.length).u64(m.endOfFile()).u64(m.allocationSize())
            .bytes(n).toBytes();
    }

    /** FILE_COMPRESSION_INFORMATION for an uncompressed file. */
    public static byte[] compression(FileMeta m) {
        return new LeWriter(16).u64(m.endOfFile()).u16(0).u8(0).u8(0).u8(0).zero(3).toBytes();
    }

    public static byte[] networkOpen(FileMeta m) {
        return new LeWriter(56).u64(m.creationTime()).u64(m.lastAccessTime()).u64(m.lastWriteTime())
            .u64(m.changeTime()).u64(m.allocationSize()).u64(m.endOfFile()).u32(m.attributes()).u32(0).toBytes();
    }

    public static byte[] attributeTag(FileMeta m) {
        return new LeWriter(8).u32(m.attributes()).u32(0).toBytes();
    }
}
