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
        // the former owner is told: an expiry or a delete-on-close there must not go ahead (issue 12 item 9)
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
}
