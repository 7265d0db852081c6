package dev.casmb.smb.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.vfs.local.LocalVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Vfs} contract, held by every backend: the local one ({@link LocalVfs} in a temporary directory) and the
 * in-memory fake ({@link MemoryVfs}) that later backends (stored security descriptors, streams, snapshots) can be
 * compared with. Errors are java.nio's kinds, which {@link VfsErrors} maps to NTSTATUS.
 */
class VfsContractTest {
    @TempDir
    Path tmp;

    private Vfs vfs(String kind) throws IOException {
        return kind.equals("local") ? LocalVfs.create(tmp.resolve("share")) : new MemoryVfs("contract");
    }

    private static List<String> c(String... comps) { return List.of(comps); }

    @ParameterizedTest
    @ValueSource(strings = {"local", "memory"})
    void namesResolveFromTheRootCaseInsensitively(String kind) throws Exception {
        Vfs v = vfs(kind);
        assertEquals(v.root(), v.resolve(List.of()));
        Path dir = v.resolve(c("Dir"));
        assertFalse(v.exists(dir, false));
        v.createDirectory(dir);
        Path f = v.resolve(c("Dir", "Report.TXT"));
        v.createFile(f);
        assertEquals(f, v.resolve(c("dir", "report.txt")), "no exact match: the case-insensitive one");
        assertEquals(f, v.resolveChild(v.resolveDirectory(c("DIR")), "REPORT.txt"));
        assertEquals("Dir\\Report.TXT", v.relative(f));
        assertEquals("Report.TXT", v.name(f));
        assertEquals(dir, v.parent(f));
        assertNull(v.parent(v.root()));
        assertEquals(f, v.resolve("dir\\REPORT.txt", new HashMap<>()));
        SmbException e = assertThrows(SmbException.class, () -> v.resolve(c("missing", "x")));
        assertEquals(NtStatus.OBJECT_PATH_NOT_FOUND, e.status());
        assertEquals(NtStatus.OBJECT_PATH_NOT_FOUND, assertThrows(SmbException.class,
            () -> v.resolveDirectory(c("Dir", "Report.TXT"))).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "memory"})
    void createStatListDelete(String kind) throws Exception {
        Vfs v = vfs(kind);
        Path d = v.resolve(c("d"));
        v.createDirectory(d);
        Path a = v.child(d, "a.txt");
        v.createFile(a);
        assertThrows(FileAlreadyExistsException.class, () -> v.createFile(a));
        assertThrows(NoSuchFileException.class, () -> v.createFile(v.child(v.child(d, "nope"), "x")));
        FileMeta m = v.stat(a);
        assertFalse(m.directory());
        assertEquals(0, m.endOfFile());
        assertEquals(FileMeta.ATTR_ARCHIVE, m.attributes() & (FileMeta.ATTR_ARCHIVE | FileMeta.ATTR_DIRECTORY));
        assertTrue(v.stat(d).directory());
        assertTrue(v.isDirectory(d, true) && !v.isDirectory(a, true));
        assertTrue(v.exists(a, false) && v.exists(a, true));
        v.createFile(v.child(d, "b.dat"));
        assertEquals(List.of("a.txt", "b.dat"), v.list(d, n -> true, 10).stream().sorted().toList());
        assertEquals(List.of("b.dat"), v.list(d, n -> n.endsWith(".dat"), 10));
        assertEquals(1, v.list(d, n -> true, 1).size());
        assertTrue(v.statEntry(d, "a.txt") != null && v.statEntry(d, ".") != null && v.statEntry(d, "..") != null);
        assertNull(v.statEntry(d, "gone"));
        assertThrows(DirectoryNotEmptyException.class, () -> v.delete(d));
        v.delete(a);
        v.delete(a); // missing: not an error
        assertFalse(v.exists(a, false));
        assertThrows(NoSuchFileException.class, () -> v.stat(a));
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, VfsErrors.status(assertThrows(NoSuchFileException.class,
            () -> v.open(a, EnumSet.of(StandardOpenOption.READ)))).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "memory"})
    void dataThroughChannelsLengthHolesAndCopies(String kind) throws Exception {
        Vfs v = vfs(kind);
        Path f = v.resolve(c("data.bin"));
        v.createFile(f);
        try (FileChannel ch = v.open(f, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), 0);
            assertEquals(8, v.stat(f).endOfFile());
            v.setLength(f, ch, 3, true);
            assertEquals(3, ch.size());
            v.setLength(f, null, 10000, false); // allocation larger than the file: no change
            assertEquals(3, v.stat(f).endOfFile());
            v.setLength(f, ch, 10000, true); // end of file: extends
            assertEquals(10000, v.stat(f).endOfFile());
            v.punchHole(ch, 1, 2);
            ByteBuffer b = ByteBuffer.allocate(3);
            ch.read(b, 0);
            assertArrayEquals(new byte[] {1, 0, 3}, b.array());
            assertEquals(List.of(0L, 10000L), flat(v.allocatedRanges(f, ch, 0, 10000, false)));
            assertEquals(List.of(0L, 4096L), flat(v.allocatedRanges(f, ch, 0, 10000, true)), "only the first block has data");
            Path g = v.resolve(c("copy.bin"));
            v.createFile(g);
            try (FileChannel out = v.open(g, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
                v.copy(ch, 0, out, 4, 3);
                ByteBuffer r = ByteBuffer.allocate(7);
                out.read(r, 0);
                assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 0, 3}, r.array());
            }
        }
        try (FileChannel t = v.open(f, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))) {
            assertEquals(0, t.size());
        }
    }

    private static List<Long> flat(List<long[]> ranges) {
        return ranges.stream().flatMap(r -> java.util.stream.Stream.of(r[0], r[1])).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "memory"})
    void attributesTimesAndReadOnly(String kind) throws Exception {
        Vfs v = vfs(kind);
        Path f = v.resolve(c("attrs.txt"));
        v.createFile(f);
        long t = 0x01D9000000000000L; // a FILETIME in 2023, whole seconds apart
        v.setTimes(f, t, t + 10_000_000L);
        FileMeta m = v.stat(f);
        assertEquals(t, m.lastWriteTime());
        assertEquals(t + 10_000_000L, m.lastAccessTime());
        v.setReadOnly(f, true);
        assertEquals(FileMeta.ATTR_READONLY, v.stat(f).attributes() & FileMeta.ATTR_READONLY);
        v.setReadOnly(f, false);
        assertEquals(0, v.stat(f).attributes() & FileMeta.ATTR_READONLY);
        boolean stored = v.writeDosAttributes(f, FileMeta.ATTR_HIDDEN | FileMeta.ATTR_ARCHIVE);
        Assumptions.assumeTrue(stored, "this file system keeps no user xattrs");
        assertEquals(FileMeta.ATTR_HIDDEN | FileMeta.ATTR_ARCHIVE, v.readDosAttributes(f));
        assertEquals(FileMeta.ATTR_HIDDEN, v.stat(f).attributes() & FileMeta.ATTR_HIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "memory"})
    void renames(String kind) throws Exception {
        Vfs v = vfs(kind);
        Path d = v.resolve(c("src"));
        v.createDirectory(d);
        Path inner = v.child(d, "inner.txt");
        v.createFile(inner);
        Path moved = v.resolve(c("dst"));
        v.rename(d, moved, false);
        assertFalse(v.exists(d, false));
        assertTrue(v.exists(v.child(moved, "inner.txt"), false), "a directory moves with its contents");
        Path a = v.resolve(c("a"));
        Path b = v.resolve(c("b"));
        v.createFile(a);
        v.createFile(b);
        assertThrows(FileAlreadyExistsException.class, () -> v.rename(a, b, false));
        v.rename(a, b, true);
        assertFalse(v.exists(a, false));
        assertTrue(v.exists(b, false));
        assertThrows(NoSuchFileException.class, () -> v.rename(a, v.resolve(c("c")), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "memory"})
    void spaceIsReported(String kind) throws Exception {
        Vfs.Space s = vfs(kind).space();
        assertTrue(s.total() > 0 && s.usable() >= 0 && s.usable() <= s.total());
    }
}
