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

    /**
     * Version 2 carries what a client observes beyond version 1 (docs/DESIGN.md "CA state survival fixes", restored
     * fields): delete flags, oplock, parent lease key, ChannelSequence.
     */
    @Test
    void version2RoundTripsTheOpenStateAndVersion1StillDecodes() throws CorruptRecordException {
        HandleRecord base = record("demo", "vm\\disk.vhdx", List.of(new HandleRecord.LockRange(4, 8, false)));
        byte[] parent = new byte[16];
        Arrays.fill(parent, (byte) 0x5a);
        HandleRecord v2 = new HandleRecord(base.persistentId(), base.createGuid(), base.clientGuid(), base.owner(), base.share(),
            base.path(), base.grantedAccess(), base.shareAccess(), base.createOptions(), base.directory(), base.timeoutMs(),
            base.appInstanceId(), base.appInstanceVersionHigh(), base.appInstanceVersionLow(), base.leaseKey(), base.leaseState(),
            base.leaseEpoch(), base.leaseVersion(), base.locks(), base.lockSequences(), base.ownershipEpoch(),
            HandleRecord.FLAG_DELETE_ON_CLOSE | HandleRecord.FLAG_DELETE_PENDING, 9, parent, 0xFFFF);
        HandleRecord back = HandleRecord.decode(v2.encode());
        assertEquals(v2, back);
        assertEquals(true, back.deleteOnClose());
        assertEquals(true, back.deletePending());
        assertEquals(9, back.oplockLevel());
        assertArrayEquals(parent, back.parentLeaseKey());
        assertEquals(0xFFFF, back.channelSequence());
        assertEquals("other\\name.vhdx", back.withPath("other\\name.vhdx").path());
        assertEquals(43, back.withOwnershipEpoch(43).ownershipEpoch());

        // a version-1 record (an older node's): the same bytes without the version-2 tail
        byte[] b = base.encode();
        byte[] v1 = Arrays.copyOf(b, b.length - (4 + 1 + 1 + 2));
        v1[0] = 1;
        HandleRecord old = HandleRecord.decode(v1);
        assertEquals(base.path(), old.path());
        assertEquals(base.locks(), old.locks());
        assertEquals(0, old.flags());
        assertEquals(0, old.oplockLevel());

        byte[] badFlags = v2.encode();
        badFlags[badFlags.length - (4 + 1 + 17 + 2) + 3] = (byte) 0x80;
        assertThrows(CorruptRecordException.class, () -> HandleRecord.decode(badFlags));
    }
}
