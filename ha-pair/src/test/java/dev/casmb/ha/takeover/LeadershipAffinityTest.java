package dev.casmb.ha.takeover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeadershipAffinityTest {
    static final long S = 1_000_000_000L;

    @Test
    void theNodeServingMoreLeads() {
        assertTrue(LeadershipAffinity.shouldLead("node-b", "node-a", 2, 0));
        assertFalse(LeadershipAffinity.shouldLead("node-a", "node-b", 0, 2));
        assertTrue(LeadershipAffinity.shouldLead("node-b", "node-a", 2, 1));
        assertFalse(LeadershipAffinity.shouldLead("node-a", "node-b", 1, 2));
    }

    @Test
    void aTieGoesToTheFirstNameOnBothNodes() {
        assertTrue(LeadershipAffinity.shouldLead("node-a", "node-b", 1, 1));
        assertFalse(LeadershipAffinity.shouldLead("node-b", "node-a", 1, 1), "both nodes agree: no ping-pong");
    }

    @Test
    void aNodeServingNothingNeverLeads() {
        assertFalse(LeadershipAffinity.shouldLead("node-a", "node-b", 0, 0));
    }

    @Test
    void wantsOnlyWithAKnownLeaderElsewhereAHeardPartnerAndNoOperation() {
        assertTrue(LeadershipAffinity.wants(true, "node-b", "node-a", true, false));
        assertFalse(LeadershipAffinity.wants(true, "node-a", "node-a", true, false), "already leads");
        assertFalse(LeadershipAffinity.wants(true, null, "node-a", true, false), "no leader known");
        assertFalse(LeadershipAffinity.wants(true, "node-b", "node-a", false, false), "partner not heard");
        assertFalse(LeadershipAffinity.wants(true, "node-b", "node-a", true, true), "operation running");
        assertFalse(LeadershipAffinity.wants(false, "node-b", "node-a", true, false));
    }

    @Test
    void asksAfterWantingForThreeSecondsThenAtMostEveryTenSeconds() {
        LeadershipAffinity a = new LeadershipAffinity();
        long t = 100 * S;
        assertFalse(a.askNow(true, t));
        assertFalse(a.askNow(true, t + 2 * S));
        assertTrue(a.askNow(true, t + 3 * S));
        assertFalse(a.askNow(true, t + 5 * S), "just asked");
        assertFalse(a.askNow(true, t + 12 * S));
        assertTrue(a.askNow(true, t + 13 * S));
    }

    @Test
    void aBreakInWantingRestartsTheHold() {
        LeadershipAffinity a = new LeadershipAffinity();
        long t = 100 * S;
        assertFalse(a.askNow(true, t));
        assertFalse(a.askNow(false, t + 2 * S));
        assertFalse(a.askNow(true, t + 3 * S), "wanting again since t+3 s");
        assertFalse(a.askNow(true, t + 5 * S));
        assertTrue(a.askNow(true, t + 6 * S));
    }
}
