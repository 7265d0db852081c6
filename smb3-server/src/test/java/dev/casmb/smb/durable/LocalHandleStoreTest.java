package dev.casmb.smb.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHandleStoreTest {
    @TempDir
    Path dir;

    static HandleRecord rec(long id, int locks) {
        byte[] guid = new byte[16];
        guid[0] = (byte) id;
        List<HandleRecord.LockRange> l = new java.util.ArrayList<>();
        for (int i = 0; i < locks; i++) l.add(new HandleRecord.LockRange(i * 100L, 10, i % 2 == 0));
        return new HandleRecord(id, guid, new byte[16], "demo", "vmstore", "dir\\file" + id + ".vhdx", 0x12019F, 1, 0x40,
            false, 60000, null, 0, 0, null, 0, 0, 0, l, new byte[64], 7);
    }

    @Test
    void recordsSurviveReopen() throws Exception {
        Path f = dir.resolve("h.log");
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            s.put(rec(1, 2));
            s.put(rec(2, 0));
            s.put(rec(1, 3)); // replace
            s.remove(2);
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(1, s.loadAll().size());
            assertEquals(rec(1, 3), s.loadAll().iterator().next());
        }
    }

    @Test
    void tornTailIsCutAndEarlierRecordsKept() throws Exception {
        Path f = dir.resolve("h.log");
        long size;
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            s.put(rec(1, 1));
            s.put(rec(2, 1));
            size = s.endOffset();
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size - 5); // a crash in the middle of the last append
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(1, s.loadAll().size());
            s.put(rec(3, 0));
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(2, s.loadAll().size(), "appends after the cut are readable");
        }
    }

    @Test
    void preallocatedLogReopensAndATornEntryInsideItIsCut() throws Exception {
        Path f = dir.resolve("h.log");
        long end;
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            s.put(rec(1, 1));
            s.put(rec(2, 1));
            end = s.endOffset();
            assertTrue(Files.size(f) >= end + LocalHandleStore.PREALLOCATE / 2, "zeros preallocated past the end");
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(2, s.loadAll().size());
            assertEquals(end, s.endOffset(), "the preallocated zeros are not read as entries");
        }
        // a crash in the middle of the last write: its last bytes never reached the disk (zeros there; a record
        // ends in zeros of its own, so more than those)
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(end - 40);
            raf.write(new byte[40]);
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(1, s.loadAll().size(), "the torn entry is cut");
            s.put(rec(3, 0));
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(2, s.loadAll().size(), "appends after the cut are readable");
        }
    }

    @Test
    void corruptedEntryIsDetectedByCrc() throws Exception {
        Path f = dir.resolve("h.log");
        long end;
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            s.put(rec(1, 1));
            s.put(rec(2, 1));
            end = s.endOffset();
        }
        byte[] all = Files.readAllBytes(f);
        all[(int) end - 3] ^= 0x55;
        Files.write(f, all);
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(1, s.loadAll().size());
        }
    }

    @Test
    void notAStoreFileIsRefused() throws Exception {
        Path f = dir.resolve("h.log");
        Files.writeString(f, "hello, not a log");
        assertThrows(IOException.class, () -> new LocalHandleStore(f));
    }

    @Test
    void concurrentWritersAreGroupCommitted() throws Exception {
        Path f = dir.resolve("h.log");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 600; i++) {
                long id = i;
                fs.add(pool.submit(() -> {
                    s.put(rec(id, 1));
                    if (id % 3 == 0) s.remove(id);
                    return null;
                }));
            }
            for (Future<?> x : fs) x.get();
        } finally {
            pool.shutdown();
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(600 - 200, s.loadAll().size());
        }
    }

    @Test
    void concurrentWritersWithCompactionLoseNothing() throws Exception {
        // Leaders hand over to each other and compact in between; every caller returns only once its
        // change is in the log, so what a reload finds is exactly what the callers were told.
        Path f = dir.resolve("h.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (LocalHandleStore s = new LocalHandleStore(f, 16 * 1024)) {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long base = t * 1000L;
                fs.add(pool.submit(() -> {
                    for (int round = 0; round < 60; round++) {
                        for (int i = 0; i < 5; i++) s.put(rec(base + i, 2));
                    }
                    for (int i = 0; i < 5; i += 2) s.remove(base + i);
                    return null;
                }));
            }
            for (Future<?> x : fs) x.get();
            assertTrue(s.compactions() > 0, "compacted while writers were busy");
        } finally {
            pool.shutdown();
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(8 * 2, s.loadAll().size());
        }
    }

    @Test
    void anInterruptedCallerStillCommitsAndKeepsItsInterrupt() throws Exception {
        Path f = dir.resolve("h.log");
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            Thread.currentThread().interrupt();
            s.put(rec(7, 0));
            assertTrue(Thread.interrupted(), "interrupt status kept");
        }
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(1, s.loadAll().size());
        }
    }

    @Test
    void aClosedStoreRefusesChanges() throws Exception {
        LocalHandleStore s = new LocalHandleStore(dir.resolve("h.log"));
        s.close();
        assertThrows(IOException.class, () -> s.put(rec(1, 0)));
    }

    @Test
    void compactionKeepsLiveRecordsOnly() throws Exception {
        Path f = dir.resolve("h.log");
        try (LocalHandleStore s = new LocalHandleStore(f, 32 * 1024)) {
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 20; i++) s.put(rec(i, 8));
            }
            assertTrue(s.compactions() > 0, "the log was compacted");
            assertTrue(s.endOffset() < 64 * 1024, "log stays bounded: " + s.endOffset());
        }
        assertTrue(Files.size(f) <= 64 * 1024 + LocalHandleStore.PREALLOCATE, "file stays bounded: " + Files.size(f));
        try (LocalHandleStore s = new LocalHandleStore(f)) {
            assertEquals(20, s.loadAll().size());
        }
    }

    @Test
    void decodeRejectsGarbageCleanly() {
        Random r = new Random(1);
        byte[] good = rec(5, 3).encode();
        for (int i = 0; i < 5000; i++) {
            byte[] b = good.clone();
            int n = 1 + r.nextInt(4);
            for (int k = 0; k < n; k++) b[r.nextInt(b.length)] = (byte) r.nextInt();
            byte[] cut = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            try {
                HandleRecord.decode(cut);
            } catch (CorruptRecordException expected) {
                // a clear error, not a crash
            }
        }
    }
}
