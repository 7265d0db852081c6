package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casmb.smb.vfs.FileMeta;
import org.junit.jupiter.api.Test;

class FileInfoClassesTest {
    static final FileMeta FILE = new FileMeta(0x01D7000000000001L, 0x01D7000000000002L, 0x01D7000000000003L,
        0x01D7000000000004L, 6, 4096, FileMeta.ATTR_ARCHIVE, 0x1234, 1, false);
    static final FileMeta DIR = new FileMeta(1, 2, 3, 4, 0, 0, FileMeta.ATTR_DIRECTORY, 7, 2, true);

    @Test
    void basicInformationGolden() {
        assertEquals(Hex.str(Hex.of("""
            0100000000 00d701 0200000000 00d701 0300000000 00d701 0400000000 00d701
            20000000 00000000""")), Hex.str(FileInfoClasses.basic(FILE)));
    }

    @Test
    void standardInformationGolden() {
        assertEquals(Hex.str(Hex.of("0010000000000000 0600000000000000 01000000 01 00 0000")),
            Hex.str(FileInfoClasses.standard(FILE, true)));
        assertEquals(Hex.str(Hex.of("0000000000000000 0000000000000000 02000000 00 01 0000")),
            Hex.str(FileInfoClasses.standard(DIR, false)));
    }

    @Test
    void networkOpenGolden() {
        byte[] b = FileInfoClasses.networkOpen(FILE);
        assertEquals(56, b.length);
        assertEquals(Hex.str(Hex.of("0010000000000000 0600000000000000 20000000 00000000")),
            Hex.str(java.util.Arrays.copyOfRange(b, 32, 56)));
    }

    @Test
    void allInformationLayout() {
        byte[] b = FileInfoClasses.all(FILE, false, 0x001F01FF, 5, 0x1002, "\\a");
        // 40 basic + 24 standard + 8 internal + 4 ea + 4 access + 8 position + 4 mode + 4 alignment + 4 + name
        assertEquals(100 + 4, b.length);
        assertEquals(Hex.str(Hex.of("""
            3412000000000000 00000000 ff011f00 0500000000000000 02100000 00000000
            04000000 5c006100""")), Hex.str(java.util.Arrays.copyOfRange(b, 64, 104)));
    }

    @Test
    void streamInformation() {
        assertEquals(Hex.str(Hex.of("""
            00000000 0e000000 0600000000000000 0010000000000000
            3a003a00240044004100540041 00""")), Hex.str(FileInfoClasses.stream(FILE)));
        assertEquals(0, FileInfoClasses.stream(DIR).length);
    }

    @Test
    void nameInformation() {
        assertEquals(Hex.str(Hex.of("06000000 5c0064006900")), Hex.str(FileInfoClasses.name("\\di")));
    }

    @Test
    void fixedSizesMatchWindows() {
        // The sizes smbtorture's qfile_buffercheck expects (C structure sizes).
        int[][] expect = {{4, 40}, {5, 24}, {6, 8}, {7, 4}, {8, 4}, {16, 4}, {17, 4}, {18, 104}, {21, 8}, {22, 32},
            {28, 16}, {34, 56}, {35, 8}};
        for (int[] e : expect) assertEquals(e[1], FileInfoClasses.fixedSize(e[0]), "class " + e[0]);
    }
}
