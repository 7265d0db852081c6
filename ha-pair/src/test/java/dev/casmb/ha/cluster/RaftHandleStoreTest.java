package dev.casmb.ha.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.casmb.smb.durable.HandleRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pair's handle store over a replica that applies at once (CatchUpTest.Fake). */
class RaftHandleStoreTest {
    private static HandleRecord rec(long id, String share) {
        byte[] guid = new byte[16];
        guid[0] = (byte) id;
        return new HandleRecord(id, guid, new byte[16], "demo", share, "vm" + id + ".vhdx", 0x12019F, 1, 0x40,
            false, 60000, null, 0, 0, null, 0, 0, 0, List.of(), new byte[64], 1);
    }

    @Test
    void closeRemovesTheRecordFromTheAggregateThatHoldsIt() throws Exception {
        ClusterStateMachine local = new ClusterStateMachine();
        CatchUpTest.Fake c = new CatchUpTest.Fake(local);
        ClusterClient cluster = new ClusterClient(c, local, Duration.ofSeconds(1));
        cluster.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        cluster.commit(new ClusterCommand.CreateAggregate("aggr2", "node-a"));
        RaftHandleStore store = new RaftHandleStore("node-a", cluster, s -> s.equals("sql") ? "aggr2" : "aggr1");
        for (long i = 1; i <= 1000; i++) store.put(rec(i, i % 2 == 0 ? "sql" : "vmstore"));
        assertEquals("aggr2", local.aggregateOfHandle(10));
        assertEquals("aggr1", local.aggregateOfHandle(11));

        int commits = c.submits;
        store.remove(10);
        store.remove(11);
        assertEquals(commits + 2, c.submits, "one commit per close");
        assertNull(local.aggregateOfHandle(10));
        assertEquals(499, local.handlesOf("aggr2").size());
        assertEquals(499, local.handlesOf("aggr1").size());
        store.remove(10); // already gone: nothing to commit
        store.remove(99_999); // never replicated
        assertEquals(commits + 2, c.submits);
    }

    @Test
    void aRecordOfAnAggregateOwnedElsewhereIsLeftToItsOwner() throws Exception {
        ClusterStateMachine local = new ClusterStateMachine();
        CatchUpTest.Fake c = new CatchUpTest.Fake(local);
        ClusterClient cluster = new ClusterClient(c, local, Duration.ofSeconds(1));
        cluster.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        new RaftHandleStore("node-a", cluster, s -> "aggr1").put(rec(5, "vmstore"));
        cluster.commit(new ClusterCommand.SetOwner("aggr1", "node-b", 1, "takeover"));
        // the former owner is told: an expiry or a delete-on-close there must not go ahead (docs/DESIGN.md "CA
        // state survival fixes", no mutation while fenced)
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
            () -> new RaftHandleStore("node-a", cluster, s -> "aggr1").remove(5));
        assertEquals("aggr1", local.aggregateOfHandle(5), "the former owner does not remove the new owner's record");
    }

    /** Persistent ids are unique in the pair; the state machine never lets one aggregate's record replace another's. */
    @Test
    void aRecordCannotTakeTheIdOfAnotherAggregatesRecord() {
        ClusterStateMachine m = new ClusterStateMachine();
        m.apply(1, ClusterCommand.encode(new ClusterCommand.CreateAggregate("aggr1", "node-a")));
        m.apply(2, ClusterCommand.encode(new ClusterCommand.CreateAggregate("aggr2", "node-b")));
        m.apply(3, ClusterCommand.encode(new ClusterCommand.PutHandle("aggr1", 1, rec(7, "vmstore").encode())));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> m.apply(4, ClusterCommand.encode(new ClusterCommand.PutHandle("aggr2", 1, rec(7, "sqlstore").encode()))));
        assertEquals("aggr1", m.aggregateOfHandle(7));
    }

    @Test
    void theRecordIsStampedWithTheOwnershipEpoch() throws Exception {
        ClusterStateMachine local = new ClusterStateMachine();
        CatchUpTest.Fake c = new CatchUpTest.Fake(local);
        ClusterClient cluster = new ClusterClient(c, local, Duration.ofSeconds(1));
        cluster.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        cluster.commit(new ClusterCommand.SetOwner("aggr1", "node-b", 1, "takeover"));
        cluster.commit(new ClusterCommand.SetOwner("aggr1", "node-a", 2, "giveback"));
        RaftHandleStore store = new RaftHandleStore("node-a", cluster, s -> "aggr1");
        store.put(rec(8, "vmstore"));
        assertEquals(3, store.recordsOf("aggr1").get(0).ownershipEpoch());
    }

    @Test
    void theIndexSurvivesASnapshot() {
        ClusterStateMachine a = new ClusterStateMachine();
        a.apply(1, ClusterCommand.encode(new ClusterCommand.CreateAggregate("aggr1", "node-a")));
        a.apply(2, ClusterCommand.encode(new ClusterCommand.PutHandle("aggr1", 1, rec(42, "vmstore").encode())));
        ClusterStateMachine b = new ClusterStateMachine();
        b.restore(a.snapshot());
        assertEquals("aggr1", b.aggregateOfHandle(42));
    }

    /**
     * docs/DESIGN.md "CA state survival fixes", lock replication: each LOCK rewrote the whole record into Raft
     * (replicated bytes grew with the square of the locks). Now a LOCK replicates its change only; readers,
     * snapshots and a later whole-record write agree.
     */
    @Test
    void aLockReplicatesOnlyItsChangeAndReadersSeeTheCurrentLocks() throws Exception {
        ClusterStateMachine local = new ClusterStateMachine();
        CatchUpTest.Fake c = new CatchUpTest.Fake(local);
        ClusterClient cluster = new ClusterClient(c, local, Duration.ofSeconds(1));
        cluster.commit(new ClusterCommand.CreateAggregate("aggr1", "node-a"));
        RaftHandleStore store = new RaftHandleStore("node-a", cluster, s -> "aggr1");
        HandleRecord r = rec(9, "vmstore");
        java.util.List<HandleRecord.LockRange> held = new java.util.ArrayList<>();
        // the first write of a handle is its whole record, even through putLocks
        HandleRecord.LockRange first = new HandleRecord.LockRange(0, 1, true);
        held.add(first);
        store.putLocks(r.withLocks(held, new byte[64]), List.of(first), List.of());
        int logBefore = c.log.size();
        int[] sizes = new int[3];
        for (int i = 1; i <= 2000; i++) {
            HandleRecord.LockRange l = new HandleRecord.LockRange(i, 1, i % 2 == 0);
            held.add(l);
            byte[] seq = new byte[64];
            seq[0] = (byte) i;
            store.putLocks(r.withLocks(held, seq), List.of(l), List.of());
            if (i == 1) sizes[0] = c.log.get(c.log.size() - 1).length;
            if (i == 2000) sizes[1] = c.log.get(c.log.size() - 1).length;
        }
        assertEquals(logBefore + 2000, c.log.size());
        assertEquals(sizes[0], sizes[1], "a LOCK replicates the same bytes whatever the handle holds");
        HandleRecord.LockRange gone = held.remove(7);
        store.putLocks(r.withLocks(held, new byte[64]), List.of(), List.of(gone));
        HandleRecord back = store.recordsOf("aggr1").get(0);
        assertEquals(held, back.locks(), "the reader gets the current locks");

        ClusterStateMachine restored = new ClusterStateMachine();
        restored.restore(local.snapshot());
        assertEquals(held, HandleRecord.decode(restored.handlesOf("aggr1").get(0)).locks(), "the snapshot keeps them");

        // a lock change that does not match the replicated state is refused and changes nothing
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> local.apply(99,
            ClusterCommand.encode(new ClusterCommand.LockDelta("aggr1", 1, 9, new byte[64], List.of(), List.of(gone)))));
        assertEquals(held, store.recordsOf("aggr1").get(0).locks());

        // a whole-record write replaces what the deltas built
        store.put(r.withLocks(List.of(first), new byte[64]));
        assertEquals(List.of(first), store.recordsOf("aggr1").get(0).locks());
    }
}
