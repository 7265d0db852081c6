package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casmb.smb.vfs.FileMeta;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DirectoryEntriesTest {
    static final FileMeta M = FileInfoClassesTest.FILE;

    @Test
    void namesInformationGolden() {
        LeWriter w = new LeWriter();
        DirectoryEntries.write(w, DirectoryEntries.NAMES, "ab", M);
        assertEquals(Hex.str(Hex.of("00000000 00000000 04000000 61006200")), Hex.str(w.toBytes()));
    }

    @Test
    void entrySizesMatchClassLayouts() {
        for (int cls : new int[] {1, 2, 3, 12, 37, 38, 60}) {
            LeWriter w = new LeWriter();
            DirectoryEntries.write(w, cls, "name.txt", M);
            assertEquals(DirectoryEntries.size(cls, "name.txt"), w.length(), "class " + cls);
        }
    }

    @Test
    void idBothCarriesShortNameAndFileId() {
        LeWriter w = new LeWriter();
        String name = "torture_search.txt";
        DirectoryEntries.write(w, DirectoryEntries.ID_BOTH_DIRECTORY, name, M);
        byte[] b = w.toBytes();
        String shortName = ShortNames.of(name);
        assertEquals(2 * shortName.length(), b[68] & 0xFF);
        assertEquals(shortName, new String(Arrays.copyOfRange(b, 70, 70 + 2 * shortName.length()),
            java.nio.charset.StandardCharsets.UTF_16LE));
        assertEquals(0x34, b[96] & 0xFF);
        assertEquals(0x12, b[97] & 0xFF);
        assertEquals(2 * name.length(), b[60] & 0xFF);
    }

    @Test
    void eightDotThreeNamesHaveNoShortNameInListings() {
        LeWriter w = new LeWriter();
        DirectoryEntries.write(w, DirectoryEntries.BOTH_DIRECTORY, "A.TXT", M);
        assertEquals(0, w.toBytes()[68]);
    }
}
