package dev.casmb.ha.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.cluster.ClusterCommand.SetShare;
import dev.casmb.ha.cluster.ClusterCommand.ShareOp;
import dev.casmb.ha.consensus.CorruptDataException;
import dev.casmb.smb.durable.HandleRecord;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replicated share table: create, modify and delete from the admin shell, as both replicas apply them. */
class ShareCommandsTest {
    private long index;

    private static ShareDef def(String name, String path, boolean ca) {
        return new ShareDef(name, ShareDef.aggregateOfPath(path), path, ca, false, false, null);
    }

    private void apply(ClusterStateMachine m, ClusterCommand c) {
        m.apply(++index, ClusterCommand.encode(c));
    }

    private ClusterStateMachine withAggregate() {
        ClusterStateMachine m = new ClusterStateMachine();
        apply(m, new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        return m;
    }

    /** Applies and expects a refusal whose message contains {@code reason}; the state must not change. */
    private void refused(ClusterStateMachine m, ClusterCommand c, String reason) {
        byte[] before = m.snapshot();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.apply(++index, ClusterCommand.encode(c)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertArrayEquals(before, m.snapshot(), "a refused change leaves the state as it was");
    }

    @Test
    void createModifyDeleteWithRevisions() {
        ClusterStateMachine m = withAggregate();
        apply(m, new SetShare(ShareOp.CREATE, "sql", 0, def("sql", "aggr1/sql", true)));
        ShareTable.Entry e = m.shares().get("sql");
        assertEquals(1, e.revision());
        assertTrue(e.def().continuouslyAvailable());
        assertEquals("aggr1", e.def().aggregate());

        apply(m, new SetShare(ShareOp.MODIFY, "SQL", 1, new ShareDef("sql", "aggr1", "aggr1/sql", false, true, false, "logs")));
        e = m.shares().get("sql");
        assertEquals(2, e.revision());
        assertFalse(e.def().continuouslyAvailable());
        assertTrue(e.def().encryptData());
        assertEquals("logs", e.def().comment());

        apply(m, new SetShare(ShareOp.DELETE, "sql", 2, null));
        assertTrue(m.shares().get("sql").deleted(), "a tombstone");
        assertEquals(3, m.shares().get("sql").revision());
        refused(m, new SetShare(ShareOp.DELETE, "sql", 3, null), "does not exist");
        refused(m, new SetShare(ShareOp.MODIFY, "sql", 3, def("sql", "aggr1/sql", false)), "does not exist");
        // the name is free again
        apply(m, new SetShare(ShareOp.CREATE, "Sql", 3, def("Sql", "aggr1/sql2", false)));
        assertEquals("Sql", m.shares().get("sql").name());
        assertEquals(4, m.shares().get("sql").revision());
    }

    @Test
    void duplicatesStaleRevisionsAndBadDefinitionsAreRefused() {
        ClusterStateMachine m = withAggregate();
        apply(m, new SetShare(ShareOp.CREATE, "sql", 0, def("sql", "aggr1/sql", true)));
        // the other node's shell created the same name at the same moment: its command saw revision 0
        refused(m, new SetShare(ShareOp.CREATE, "SQL", 0, def("SQL", "aggr1/other", false)), "changed by another admin command");
        refused(m, new SetShare(ShareOp.CREATE, "sql", 1, def("sql", "aggr1/other", false)), "already exists");
        refused(m, new SetShare(ShareOp.MODIFY, "sql", 0, def("sql", "aggr1/sql", false)), "changed by another admin command");
        refused(m, new SetShare(ShareOp.CREATE, "x", 0, def("x", "aggr9/x", false)), "unknown aggregate aggr9");
        refused(m, new SetShare(ShareOp.CREATE, "x", 0, new ShareDef("x", "aggr1", "aggr1/../etc", false, false, false, null)),
            "'..' is not allowed");
        refused(m, new SetShare(ShareOp.CREATE, "x", 0, new ShareDef("x", "aggr1", "/aggr1/x", false, false, false, null)),
            "not in normal form");
        refused(m, new SetShare(ShareOp.CREATE, "x", 0, new ShareDef("x", "aggr1", "aggr2/x", false, false, false, null)),
            "not on aggregate aggr1");
        refused(m, new SetShare(ShareOp.CREATE, "a/b", 0, def("a/b", "aggr1/ab", false)), "invalid share name");
        refused(m, new SetShare(ShareOp.CREATE, "ipc$", 0, def("ipc$", "aggr1/ipc", false)), "invalid share name");
        refused(m, new SetShare(ShareOp.CREATE, "x", 0, ShareDef.overlay("x", true, false, null)), "cannot be an overlay");
        refused(m, new SetShare(ShareOp.CREATE, "x", 0, def("y", "aggr1/y", false)), "name mismatch");
        refused(m, new SetShare(ShareOp.DELETE, "sql", 1, def("sql", "aggr1/sql", false)), "with a definition");
        assertEquals(1, m.shares().size());
    }

    @Test
    void aConfiguredShareIsModifiedByAnOverlayAndHiddenByATombstone() {
        ClusterStateMachine m = withAggregate();
        // "vmstore" is in the configuration file, so it has no replicated entry yet: revision 0
        apply(m, new SetShare(ShareOp.MODIFY, "vmstore", 0, ShareDef.overlay("vmstore", false, true, "was CA")));
        assertTrue(m.shares().get("vmstore").def().overlay());
        refused(m, new SetShare(ShareOp.MODIFY, "vmstore", 1, def("vmstore", "aggr1/vmstore", false)), "between configured and created");
        apply(m, new SetShare(ShareOp.DELETE, "vmstore", 1, null));
        assertTrue(m.shares().get("vmstore").deleted());
    }

    private static byte[] handle(long pid, String share) {
        return new HandleRecord(pid, new byte[16], new byte[16], "demo", share, "f" + pid, 0x12019F, 1, 0x40, false, 60000, null,
            0, 0, null, 0, 0, 0, List.of(), new byte[64], 1).encode();
    }

    @Test
    void deletingAShareDropsItsPersistentHandlesOnly() throws Exception {
        ClusterStateMachine m = withAggregate();
        apply(m, new SetShare(ShareOp.CREATE, "sql", 0, def("sql", "aggr1/sql", true)));
        apply(m, new ClusterCommand.PutHandle("aggr1", 1, handle(1, "SQL")));
        apply(m, new ClusterCommand.PutHandle("aggr1", 1, handle(2, "vmstore")));
        assertEquals(2, m.handleCount());
        apply(m, new SetShare(ShareOp.DELETE, "sql", 1, null));
        assertEquals(1, m.handleCount(), "the deleted share's handle is gone, no node reloads it after a takeover");
        assertEquals("vmstore", HandleRecord.decode(m.handlesOf("aggr1").get(0)).share());
        // a share of the configuration file (no replicated entry, aggregate unknown to the state machine)
        apply(m, new SetShare(ShareOp.DELETE, "VMSTORE", 0, null));
        assertEquals(0, m.handleCount());
    }

    @Test
    void commandCodecRoundTrips() {
        for (ClusterCommand c : List.of(
            new SetShare(ShareOp.CREATE, "sql", 0, new ShareDef("sql", "aggr1", "aggr1/sql", true, true, false, "c")),
            new SetShare(ShareOp.MODIFY, "vmstore", 7, ShareDef.overlay("vmstore", false, true, null)),
            new SetShare(ShareOp.DELETE, "sql", 3, null))) {
            assertEquals(c, ClusterCommand.decode(ClusterCommand.encode(c)));
        }
        byte[] b = ClusterCommand.encode(new SetShare(ShareOp.CREATE, "s", 0, def("s", "aggr1/s", false)));
        byte[] badOp = b.clone();
        badOp[1] = 9;
        assertThrows(CorruptDataException.class, () -> ClusterCommand.decode(badOp));
        assertThrows(CorruptDataException.class, () -> ClusterCommand.decode(Arrays.copyOf(b, b.length - 1)));
        byte[] badFlags = b.clone();
        badFlags[b.length - 3] = (byte) 0x80; // the flags byte, before the empty comment's length
        assertThrows(CorruptDataException.class, () -> ClusterCommand.decode(badFlags));
    }

    @Test
    void sharesSurviveASnapshotAndAVersion2SnapshotStillRestores() {
        ClusterStateMachine m = withAggregate();
        byte[] v4Empty = m.snapshot();
        assertEquals(4, v4Empty[0]);
        // version 3: without the lock overlays (an empty list is 4 bytes)
        byte[] v3Empty = Arrays.copyOf(v4Empty, v4Empty.length - 4);
        v3Empty[0] = 3;
        apply(m, new SetShare(ShareOp.CREATE, "sql", 0, def("sql", "aggr1/sql", true)));
        apply(m, new SetShare(ShareOp.DELETE, "sql", 1, null));
        apply(m, new SetShare(ShareOp.CREATE, "web", 0, new ShareDef("web", "aggr1", "aggr1/web", false, true, false, "w")));
        ClusterStateMachine r = new ClusterStateMachine();
        r.restore(m.snapshot());
        assertEquals(m.shares(), r.shares());
        assertEquals(m.appliedCount(), r.appliedCount());
        assertArrayEquals(m.snapshot(), r.snapshot());
        // and the restored replica goes on applying with the same revisions
        apply(r, new SetShare(ShareOp.CREATE, "sql", 2, def("sql", "aggr1/sql", false)));
        assertEquals(3, r.shares().get("sql").revision());

        // a snapshot written before shares were replicated: version 2, without the share table (an empty table is 4 bytes)
        assertEquals(3, v3Empty[0]);
        byte[] v2 = Arrays.copyOf(v3Empty, v3Empty.length - 4);
        v2[0] = 2;
        ClusterStateMachine old = new ClusterStateMachine();
        old.restore(v2);
        assertTrue(old.shares().isEmpty());
        assertEquals("node-a", old.aggregates().get("aggr1").owner());
        byte[] trailing = Arrays.copyOf(v3Empty, v3Empty.length + 1);
        assertThrows(CorruptDataException.class, () -> new ClusterStateMachine().restore(trailing));
        ClusterStateMachine v3 = new ClusterStateMachine();
        v3.restore(v3Empty);
        assertEquals("node-a", v3.aggregates().get("aggr1").owner());
        byte[] v5 = v4Empty.clone();
        v5[0] = 5;
        assertThrows(CorruptDataException.class, () -> new ClusterStateMachine().restore(v5));
        assertNull(new ClusterStateMachine().shares().get("sql"));
    }

    @Test
    void pathsAreNormalisedAndConfinedToAnAggregate() {
        assertEquals("aggr1/sql", ShareDef.normalizePath("/aggr1/sql"));
        assertEquals("aggr1/sql/logs", ShareDef.normalizePath("aggr1//sql/logs/"));
        for (String bad : List.of("/aggr1/../etc", "aggr1/./x", "/aggr1", "/", "", "aggr1\\sql", "aggr1/s\u0001")) {
            assertThrows(IllegalArgumentException.class, () -> ShareDef.normalizePath(bad), bad);
        }
    }
}
