package dev.casmb.smb.info;

/** Encoders for the file-system information classes of SMB2 QUERY_INFO (MS-FSCC 2.5). */
public final class FsInfoClasses {
    private FsInfoClasses() {}

    public static final int VOLUME = 1, LABEL = 2, SIZE = 3, DEVICE = 4, ATTRIBUTE = 5, CONTROL = 6, FULL_SIZE = 7,
        OBJECT_ID = 8, SECTOR_SIZE = 11;

    public static final int FILE_DEVICE_DISK = 0x7;
    public static final int FILE_DEVICE_IS_MOUNTED = 0x20;
    public static final int FILE_CASE_PRESERVED_NAMES = 0x2;
    public static final int FILE_UNICODE_ON_DISK = 0x4;
    /** Reported sector geometry: 512-byte logical sectors, 4 KiB physical and allocation units. */
    public static final int BYTES_PER_SECTOR = 512;
    public static final int SECTORS_PER_UNIT = 8;
    public static final int PHYSICAL_SECTOR = 4096;

    /** The class's fixed structure size (below it: STATUS_INFO_LENGTH_MISMATCH), -1 if unknown. */
    public static int fixedSize(int cls) {
        return switch (cls) {
            case VOLUME, SIZE -> 24;
            case DEVICE -> 8;
            case ATTRIBUTE -> 16;
            case CONTROL -> 48;
            case FULL_SIZE -> 32;
            case OBJECT_ID -> 64;
            case SECTOR_SIZE -> 28;
            default -> -1;
        };
    }

    /** FILE_FS_VOLUME_INFORMATION (MS-FSCC 2.5.9). */
    public static byte[] volume(long creationTime, int serial, String label) {
        byte[] l = LeWriter.utf16le(label);
        return new LeWriter(18 + l.length).u64(creationTime).u32(serial).u32(l.length).u8(0).u8(0).bytes(l).toBytes();
    }

    /** FILE_FS_SIZE_INFORMATION (MS-FSCC 2.5.8), in allocation units. */
    public static byte[] size(long totalBytes, long availableBytes) {
        long unit = (long) BYTES_PER_SECTOR * SECTORS_PER_UNIT;
        return new LeWriter(24).u64(totalBytes / unit).u64(availableBytes / unit).u32(SECTORS_PER_UNIT)
            .u32(BYTES_PER_SECTOR).toBytes();
    }

    /** FILE_FS_FULL_SIZE_INFORMATION (MS-FSCC 2.5.4). */
    public static byte[] fullSize(long totalBytes, long callerAvailableBytes, long actualAvailableBytes) {
        long unit = (long) BYTES_PER_SECTOR * SECTORS_PER_UNIT;
        return new LeWriter(32).u64(totalBytes / unit).u64(callerAvailableBytes / unit)
            .u64(actualAvailableBytes / unit).u32(SECTORS_PER_UNIT).u32(BYTES_PER_SECTOR).toBytes();
    }

    /** FILE_FS_DEVICE_INFORMATION (MS-FSCC 2.5.10). */
    public static byte[] device() {
        return new LeWriter(8).u32(FILE_DEVICE_DISK).u32(FILE_DEVICE_IS_MOUNTED).toBytes();
    }

    static final int FILE_SUPPORTS_SPARSE_FILES = 0x00000040;

    /**
     * FILE_FS_ATTRIBUTE_INFORMATION (MS-FSCC 2.5.1). We claim only what we implement: names are case
     * preserved (lookups are case-insensitive), Unicode, sparse files (FSCTL_SET_SPARSE and friends,
     * dev.casmb.smb.fsctl.Sparse); no persistent ACLs or streams.
     */
    public static byte[] attribute() {
        byte[] n = LeWriter.utf16le("NTFS");
        return new LeWriter(12 + n.length).u32(FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_SUPPORTS_SPARSE_FILES).u32(255)
            .u32(n.length).bytes(n).toBytes();
    }

    /** FILE_FS_CONTROL_INFORMATION (MS-FSCC 2.5.2): quotas are not tracked, so all disabled. */
    public static byte[] control() {
        return new LeWriter(48).u64(0).u64(0).u64(0).u64(-1L).u64(-1L).u32(0).u32(0).toBytes();
    }

    /** FILE_FS_OBJECTID_INFORMATION (MS-FSCC 2.5.6): a volume GUID and no extended info. */
    public static byte[] objectId(byte[] guid16) {
        return new LeWriter(64).bytes(guid16).zero(48).toBytes();
    }

    /**
     * FILE_FS_SECTOR_SIZE_INFORMATION (MS-FSCC 2.5.7). Hyper-V needs LogicalBytesPerSector <= 4096;
     * flags: SSINFO_FLAGS_ALIGNED_DEVICE | SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE.
     */
    public static byte[] sectorSize() {
        return new LeWriter(28).u32(BYTES_PER_SECTOR).u32(PHYSICAL_SECTOR).u32(PHYSICAL_SECTOR).u32(PHYSICAL_SECTOR)
            .u32(0x3).u32(0).u32(0).toBytes();
    }
}
