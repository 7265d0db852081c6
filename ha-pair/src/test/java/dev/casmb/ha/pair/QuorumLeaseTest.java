package dev.casmb.ha.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.casmb.ha.cluster.ClusterStateMachine;
import dev.casmb.ha.consensus.MemberHealth;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumLeaseTest {
    static MemberHealth m(String id, boolean leader, long age) {
        return new MemberHealth(id, id + ":1", id.equals("mediator"), leader, age);
    }

    @Test
    void followerCountsFromItsLastContactWithTheLeader() {
        // node-a follows node-b: the mediator's age is unknown to it, the leader's is what counts
        assertEquals(420L, QuorumLease.contactAgeMs("node-a", false,
            List.of(m("node-a", false, 0), m("node-b", true, 420), m("mediator", false, -1))));
    }

    @Test
    void followerWithoutLeaderHasNoContact() {
        assertEquals(-1L, QuorumLease.contactAgeMs("node-a", false,
            List.of(m("node-a", false, 0), m("node-b", false, 30), m("mediator", false, -1))));
    }

    @Test
    void leaderCountsFromItsFreshestFollower() {
        assertEquals(40L, QuorumLease.contactAgeMs("node-a", true,
            List.of(m("node-a", true, 0), m("node-b", false, 900), m("mediator", false, 40))));
    }

    @Test
    void noContactAgesMeansFallBackToARead() {
        assertNull(QuorumLease.contactAgeMs("node-a", false,
            List.of(m("node-a", false, 0), m("node-b", true, -1), m("mediator", false, -1))));
    }

    @Test
    void livenessQueryReportsTheAppliedCountForCatchUp() {
        ClusterStateMachine s = new ClusterStateMachine();
        assertEquals(0L, ByteBuffer.wrap(s.query(new byte[0])).getLong());
        s.apply(1, dev.casmb.ha.cluster.ClusterCommand.encode(new dev.casmb.ha.cluster.ClusterCommand.CreateAggregate("aggr1", "node-a")));
        assertEquals(1L, ByteBuffer.wrap(s.query(new byte[0])).getLong());
    }

    @Test
    void leaderHoldsOffWhilePartnerStillAnswersRaft() {
        List<MemberHealth> fresh = List.of(m("node-b", true, 0), m("node-a", false, 120), m("mediator", false, 30));
        List<MemberHealth> gone = List.of(m("node-b", true, 0), m("node-a", false, 1100), m("mediator", false, 30));
        org.junit.jupiter.api.Assertions.assertTrue(QuorumLease.partnerMayHoldLease("node-a", true, fresh, 700));
        org.junit.jupiter.api.Assertions.assertFalse(QuorumLease.partnerMayHoldLease("node-a", true, gone, 700));
        // a follower cannot see the partner's contact: it relies on the timing margin (detect > fence)
        org.junit.jupiter.api.Assertions.assertFalse(QuorumLease.partnerMayHoldLease("node-a", false, fresh, 700));
    }
}
