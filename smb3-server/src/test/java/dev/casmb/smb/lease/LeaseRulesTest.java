package dev.casmb.smb.lease;

import static dev.casmb.smb.proto.LeaseState.H;
import static dev.casmb.smb.proto.LeaseState.NONE;
import static dev.casmb.smb.proto.LeaseState.R;
import static dev.casmb.smb.proto.LeaseState.RH;
import static dev.casmb.smb.proto.LeaseState.RW;
import static dev.casmb.smb.proto.LeaseState.RWH;
import static dev.casmb.smb.proto.LeaseState.W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lease state machine, checked against the behaviour smbtorture smb2.lease expects of Windows. */
class LeaseRulesTest {
    private static int s(String x) {
        int v = 0;
        for (char c : x.toCharArray()) v |= c == 'R' ? R : c == 'W' ? W : c == 'H' ? H : 0;
        return v;
    }

    @Test
    void fileLeasesWithoutReadAreGrantedNoCaching() {
        // lease.request: "" -> "", R -> R, H -> "", W -> "", RH -> RH, RW -> RW, HW -> "", RHW -> RHW
        String[][] t = {{"", ""}, {"R", "R"}, {"H", ""}, {"W", ""}, {"RH", "RH"}, {"RW", "RW"}, {"HW", ""}, {"RHW", "RHW"}};
        for (String[] c : t) assertEquals(s(c[1]), LeaseRules.newLease(s(c[0]), RWH), c[0]);
    }

    @Test
    void upgradesOnlyToAStrictSupersetTheOthersAllow() {
        // lease.upgrade2 (no other open): initial, requested, result
        String[][] t = {{"", "RH", "RH"}, {"R", "", "R"}, {"R", "RW", "RW"}, {"RH", "RW", "RH"}, {"RH", "RWH", "RWH"},
            {"RW", "RH", "RW"}, {"RW", "RWH", "RWH"}, {"RWH", "R", "RWH"}};
        for (String[] c : t) assertEquals(s(c[2]), LeaseRules.upgrade(s(c[0]), s(c[1]), RWH, false), String.join(",", c));
        // lease.upgrade3 (another lease holds R or RH): W is never added
        int others = LeaseRules.allowed(true, false);
        assertEquals(RH, LeaseRules.upgrade(R, RH, others, false));
        assertEquals(R, LeaseRules.upgrade(R, RWH, others, false));
        assertEquals(RH, LeaseRules.upgrade(RH, RWH, others, false));
        // while breaking, nothing changes (lease.breaking1 reports the old state + BREAK_IN_PROGRESS)
        assertEquals(R, LeaseRules.upgrade(R, RWH, RWH, true));
    }

    @Test
    void contendedOpenBreaksAndGrantsAsWindows() {
        // lease.break: held, requested by another key, held is broken to, new lease granted
        String[][] t = {{"R", "RHW", "R", "RH"}, {"RH", "RW", "RH", "R"}, {"RW", "R", "R", "R"}, {"RW", "RHW", "R", "RH"},
            {"RHW", "RW", "RH", "R"}, {"RHW", "RHW", "RH", "RH"}};
        for (String[] c : t) {
            int brokenTo = LeaseRules.breakTarget(s(c[0]), false, false);
            assertEquals(s(c[2]), brokenTo, String.join(",", c));
            assertEquals(s(c[3]), LeaseRules.newLease(s(c[1]), LeaseRules.allowed(true, false)), String.join(",", c));
        }
        // lease.oplock: a LEVEL_II oplock holder leaves a new lease only R
        assertEquals(R, LeaseRules.newLease(RWH, LeaseRules.allowed(true, true)));
    }

    @Test
    void sharingViolationCostsHandleOverwriteCostsEverything() {
        assertEquals(RW, LeaseRules.breakTarget(RWH, true, false)); // lease.break_twice
        assertEquals(NONE, LeaseRules.breakTarget(RWH, false, true)); // lease.breaking2
        assertEquals(NONE, LeaseRules.breakTarget(RH, false, true)); // lease.breaking4
        assertTrue(LeaseRules.delays(RWH, false));
        assertFalse(LeaseRules.delays(RH, false)); // breaking4: the overwrite is not held up
        assertTrue(LeaseRules.delays(RH, true));
    }

    @Test
    void acknowledgementRules() {
        assertTrue(LeaseRules.ackRequired(RH));
        assertFalse(LeaseRules.ackRequired(R));
        // lease.breaking2: breaking RWH to none accepts only none
        for (int st : new int[] {RWH, RW, W | H, RH, W, H, R}) assertFalse(LeaseRules.ackAccepted(st, NONE));
        assertTrue(LeaseRules.ackAccepted(NONE, NONE));
        // lease.breaking6: asked for RH, any of RH, R, none is fine
        assertTrue(LeaseRules.ackAccepted(NONE, RH));
        assertTrue(LeaseRules.ackAccepted(R, RH));
    }

    @Test
    void furtherReductionsGoInSteps() {
        // lease.breaking3: RWH->RH acked while an overwrite waits: then RH->R (acked), then R->none
        assertEquals(R, LeaseRules.nextStep(RH, NONE));
        assertEquals(NONE, LeaseRules.nextStep(R, NONE));
        assertEquals(RH, LeaseRules.nextStep(RH, -1));
    }
}
