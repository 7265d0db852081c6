package dev.casmb.smb.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handle record's encoding round-trips, with ASCII and other names, and rejects truncation and trailing bytes. */
class HandleRecordCodecTest {
    private static HandleRecord record(String owner, String path, List<HandleRecord.LockRange> locks) {
        byte[] seq = new byte[64];
        Arrays.fill(seq, (byte) -1);
        seq[3] = 5;
        return new HandleRecord(77, new byte[16], new byte[] {1, 2, 3}, owner, "VmStore", path, 0x12019f, 7, 0x40, false,
            120_000, new byte[] {9}, -1, 2, new byte[16], 7, 3, 2, locks, seq, 42);
    }

    @Test
    void roundTripsAsciiAndNonAsciiNamesAndLocks() throws CorruptRecordException {
        for (HandleRecord r : List.of(record("bench", "d\\file.vhdx", List.of()),
            record("dömäin\\jürgen", "Ordner\\Grüße ✓\\a\u0000b.txt",
                List.of(new HandleRecord.LockRange(0, 10, true), new HandleRecord.LockRange(-1, 0, false))))) {
            HandleRecord back = HandleRecord.decode(r.encode());
            assertEquals(r, back);
            assertEquals(r.owner(), back.owner());
            assertEquals(r.path(), back.path());
            assertEquals(r.locks(), back.locks());
            assertArrayEquals(r.lockSequences(), back.lockSequences());
            assertEquals(r.ownershipEpoch(), back.ownershipEpoch());
        }
    }

    @Test
    void truncatedOrTrailingBytesAreCorrupt() {
        byte[] b = record("o", "p", List.of(new HandleRecord.LockRange(1, 2, true))).encode();
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            assertThrows(CorruptRecordException.class, () -> HandleRecord.decode(cut), "truncated at " + len);
        }
        assertThrows(CorruptRecordException.class, () -> HandleRecord.decode(Arrays.copyOf(b, b.length + 1)));
    }
}
