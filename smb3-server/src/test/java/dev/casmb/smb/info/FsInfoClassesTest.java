package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FsInfoClassesTest {
    @Test
    void sectorSizeIsHyperVCompatible() {
        byte[] b = FsInfoClasses.sectorSize();
        assertEquals(Hex.str(Hex.of("00020000 00100000 00100000 00100000 03000000 00000000 00000000")), Hex.str(b));
        int logical = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        assertTrue(logical <= 4096);
    }

    @Test
    void attributeGolden() {
        // case-preserved names, Unicode on disk, sparse files (0x40); max component 255; "NTFS"
        assertEquals(Hex.str(Hex.of("46000000 ff000000 08000000 4e00540046005300")), Hex.str(FsInfoClasses.attribute()));
    }

    @Test
    void sizeInAllocationUnits() {
        assertEquals(Hex.str(Hex.of("0a00000000000000 0300000000000000 08000000 00020000")),
            Hex.str(FsInfoClasses.size(10 * 4096L + 100, 3 * 4096L)));
        byte[] full = FsInfoClasses.fullSize(8192, 4096, 8192);
        assertEquals(32, full.length);
    }

    @Test
    void volumeGolden() {
        assertEquals(Hex.str(Hex.of("0100000000000000 78563412 04000000 00 00 61006200")),
            Hex.str(FsInfoClasses.volume(1, 0x12345678, "ab")));
    }

    @Test
    void fixedPartsAreWithinFullSizes() {
        assertEquals(8, FsInfoClasses.device().length);
        assertEquals(48, FsInfoClasses.control().length);
        assertEquals(64, FsInfoClasses.objectId(new byte[16]).length);
        assertTrue(FsInfoClasses.fixedSize(FsInfoClasses.ATTRIBUTE) <= FsInfoClasses.attribute().length);
    }
}
