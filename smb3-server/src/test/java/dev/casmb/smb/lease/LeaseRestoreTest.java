package dev.casmb.smb.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.LeaseState;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A persistent handle's lease comes back from its handle record (restart, takeover) with key, state and
 * epoch, and a reclaim must name the same key from the same client (MS-SMB2 3.3.5.9.12).
 */
class LeaseRestoreTest {
    private static final byte[] CLIENT = HexFormat.of().parseHex("11111111222222223333333344444444");
    private static final byte[] OTHER_CLIENT = HexFormat.of().parseHex("99999999222222223333333344444444");
    private static final byte[] KEY = HexFormat.of().parseHex("0df0dde0fe0fdcbaf20f221f01f02345");
    private static final byte[] OTHER_KEY = HexFormat.of().parseHex("0ef0dde0fe0fdcbaf20f221f01f02345");

    /** A table of its own (no server: nothing here breaks, times out or persists). */
    private final Leases LEASES = new Leases(null);

    private static Open open(FileNode node, long id) {
        Open o = new Open(id, id, null, node, false, 0x12019f, 7, 0, "vm.vhdx");
        node.opens.add(o);
        return o;
    }

    @Test
    void restoredLeaseKeepsKeyStateEpochAndIsCheckedOnReclaim() throws SmbException {
        Path file = Path.of("/srv/vmstore/vm.vhdx");
        FileNode node = new FileNode(file);
        Open o = open(node, 4711);
        LEASES.restore(o, CLIENT, KEY, LeaseState.RWH, 101, 2, null);
        try {
            assertSame(o.lease, LEASES.find(CLIENT, KEY));
            assertArrayEquals(new int[] {LeaseState.RWH, 101, 2}, Leases.stateOf(o));
            CreateContexts.Ctx ctx = Leases.response(o);
            LeaseContext back = LeaseContext.parse(ctx.data(), true);
            assertEquals(2, back.version());
            assertEquals(LeaseState.RWH, back.state());
            assertEquals(101, back.epoch());
            assertArrayEquals(KEY, back.key());

            LeaseContext same = new LeaseContext(2, KEY, 0, 0, null, 0);
            Leases.checkReconnect(o, same, CLIENT, file);
            assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, assertThrows(SmbException.class,
                () -> Leases.checkReconnect(o, new LeaseContext(2, OTHER_KEY, 0, 0, null, 0), CLIENT, file)).status());
            assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND,
                assertThrows(SmbException.class, () -> Leases.checkReconnect(o, null, CLIENT, file)).status());
            assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND,
                assertThrows(SmbException.class, () -> Leases.checkReconnect(o, same, OTHER_CLIENT, file)).status());
            assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
                () -> Leases.checkReconnect(o, same, CLIENT, Path.of("/srv/vmstore/other.vhdx"))).status());
        } finally {
            LEASES.onClose(o);
        }
        assertNull(LEASES.find(CLIENT, KEY));
    }

    @Test
    void openWithoutLeaseCannotBeReclaimedWithOne() {
        FileNode node = new FileNode(Path.of("/srv/vmstore/plain.vhdx"));
        Open o = open(node, 4712);
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, assertThrows(SmbException.class,
            () -> Leases.checkReconnect(o, new LeaseContext(1, KEY, 7, 0, null, 0), CLIENT, node.path)).status());
    }

    /**
     * docs/DESIGN.md "CA state survival fixes", stale lease: after a giveback the lease came back with an older
     * state and epoch, because the lease object of the node's earlier ownership (its opens dropped without closing)
     * was reused. The record wins.
     */
    @Test
    void aLeaseLeftFromAnEarlierOwnershipIsNotReused() {
        FileNode node = new FileNode(Path.of("/srv/vmstore/stale.vhdx"));
        Open before = open(node, 4713);
        LEASES.restore(before, CLIENT, KEY, LeaseState.RWH, 5, 2, null);
        before.closed = true; // released when the aggregate moved away, without onClose
        Open after = open(node, 4713);
        LEASES.restore(after, CLIENT, KEY, LeaseState.RH, 7, 2, null);
        try {
            assertArrayEquals(new int[] {LeaseState.RH, 7, 2}, Leases.stateOf(after));
            assertSame(after.lease, LEASES.find(CLIENT, KEY));
        } finally {
            LEASES.onClose(after);
        }
    }
}
