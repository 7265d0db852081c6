package dev.casmb.ha.takeover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.takeover.TakeoverDecision.Action;
import dev.casmb.ha.takeover.TakeoverDecision.Decision;
import dev.casmb.ha.takeover.TakeoverDecision.Facts;
import dev.casmb.ha.takeover.TakeoverDecision.Timing;
import org.junit.jupiter.api.Test;

/** The takeover decision from facts alone: the demo pair's timers, fence 700 ms, detect 1000 ms, beats of 100 ms. */
class TakeoverDecisionTest {
    static final Timing T = new Timing(700, 1000, 100, 30_000);
    static final long NEVER = TakeoverDecision.NEVER_HEARD;

    /** A healthy node long after start: lease fresh, partner heard, nothing running. */
    static Facts healthy() {
        return new Facts(50, false, 40, true, 60_000, 60_000, false, false, false);
    }

    static Facts with(Facts f, long quorumAgeMs, boolean fenced, long silenceMs) {
        return new Facts(quorumAgeMs, fenced, silenceMs, f.partnerOwnsAggregates(), f.upMs(), f.activeMs(),
            f.partnerProcessDead(), f.partnerMayHoldLease(), f.operationInProgress());
    }

    static Action act(Facts f) {
        return TakeoverDecision.decide(T, f).action();
    }

    @Test
    void healthyPairDoesNothing() {
        assertEquals(Action.NONE, act(healthy()));
    }

    @Test
    void partnerDownWithQuorumHeldIsTakenOver() {
        Decision d = TakeoverDecision.decide(T, with(healthy(), 50, false, 1200));
        assertEquals(Action.TAKE_OVER, d.action());
        assertEquals(1200, d.silenceMs());
        assertFalse(d.processDead());
        // not before detect
        assertEquals(Action.NONE, act(with(healthy(), 50, false, 1000)));
    }

    @Test
    void partnerDownWithoutQuorumFencesInsteadOfServing() {
        Facts cutOff = with(healthy(), 900, false, 5000);
        assertEquals(Action.FENCE, act(cutOff), "lease lost: stop serving, never take over");
        assertEquals(Action.STAY_FENCED, act(with(cutOff, 900, true, 5000)));
        assertEquals(Action.RELEASE_FENCED, act(with(cutOff, 1001, true, 5000)), "fenced past detect: drop the aggregates");
        assertFalse(TakeoverDecision.mayMutate(900, T.fenceMs(), true, false), "no data change without the lease");
    }

    @Test
    void frozenNodeThawingAfterItsLeaseRanOutMustNotMutate() {
        // SIGSTOP for 3 s: the lease is 3 s old, the node is not fenced yet (its tick did not run) and its replica
        // still names it the owner
        Facts thawed = new Facts(3000, false, 3000, true, 60_000, 60_000, false, false, false);
        assertEquals(Action.FENCE, act(thawed), "the first tick after a thaw fences, never takes over");
        assertFalse(TakeoverDecision.leaseHeld(3000, T.fenceMs()), "no client request admitted");
        assertFalse(TakeoverDecision.mayMutate(3000, T.fenceMs(), true, false), "no expiry or delete-on-close");
        assertTrue(TakeoverDecision.mayMutate(700, T.fenceMs(), true, false), "at the fence limit the lease still holds");
        assertFalse(TakeoverDecision.mayMutate(50, T.fenceMs(), false, false), "a node that is not the owner never mutates");
        assertFalse(TakeoverDecision.mayMutate(50, T.fenceMs(), true, true), "a fenced node never mutates");
    }

    @Test
    void fencedNodeRejoinsWhenItsLeaseIsBack() {
        assertEquals(Action.REJOIN, act(with(healthy(), 50, true, 5000)));
    }

    @Test
    void partnerThatMayStillHoldItsLeaseIsNotTakenOver() {
        Facts f = new Facts(50, false, 1500, true, 60_000, 60_000, false, true, false);
        assertEquals(Action.HOLD_OFF, act(f));
        // proven dead: no lease to wait out
        Facts dead = new Facts(50, false, 1500, true, 60_000, 60_000, true, true, false);
        assertEquals(Action.TAKE_OVER, act(dead));
    }

    @Test
    void deadPartnerProcessIsTakenOverAfterAFewBeatsNotAfterDetect() {
        Facts dead = new Facts(50, false, 350, true, 60_000, 60_000, true, false, false);
        Decision d = TakeoverDecision.decide(T, dead);
        assertEquals(Action.TAKE_OVER, d.action());
        assertTrue(d.processDead());
        Facts tooSoon = new Facts(50, false, 250, true, 60_000, 60_000, true, false, false);
        assertEquals(Action.NONE, act(tooSoon), "within three beats even a dead process waits");
    }

    @Test
    void neverHeardPartnerGetsTheBootGrace() {
        Facts booting = new Facts(50, false, NEVER, true, 10_000, 10_000, false, false, false);
        assertEquals(Action.WAIT_FOR_BOOTING_PARTNER, act(booting));
        Facts late = new Facts(50, false, NEVER, true, 31_000, 31_000, false, false, false);
        Decision d = TakeoverDecision.decide(T, late);
        assertEquals(Action.TAKE_OVER, d.action());
        assertEquals(31_000, d.silenceMs(), "never heard: silent for as long as this node is up");
        Facts nothingToTake = new Facts(50, false, NEVER, false, 10_000, 10_000, false, false, false);
        assertEquals(Action.NONE, act(nothingToTake));
    }

    @Test
    void noTakeoverRightAfterRegainingTheRightToAct() {
        Facts justRejoined = new Facts(50, false, 5000, true, 60_000, 200, false, false, false);
        assertEquals(Action.NONE, act(justRejoined), "the partner's heartbeat gets three beats first");
        Facts later = new Facts(50, false, 5000, true, 60_000, 300, false, false, false);
        assertEquals(Action.TAKE_OVER, act(later));
    }

    @Test
    void noTakeoverWhileAnOperationRunsOrWhenThePartnerOwnsNothing() {
        assertEquals(Action.NONE, act(new Facts(50, false, 5000, true, 60_000, 60_000, false, false, true)));
        assertEquals(Action.NONE, act(new Facts(50, false, 5000, false, 60_000, 60_000, false, false, false)));
    }

    @Test
    void onlyActiveActionsLetLeadershipAffinityRun() {
        assertTrue(Action.NONE.active());
        assertTrue(Action.TAKE_OVER.active());
        assertTrue(Action.HOLD_OFF.active());
        assertFalse(Action.FENCE.active());
        assertFalse(Action.REJOIN.active());
        assertFalse(Action.WAIT_FOR_BOOTING_PARTNER.active());
    }

    @Test
    void plannedTakeoverWorksOnALivePartnerButOnlyOnThePartner() {
        assertNull(TakeoverDecision.refuseTakeover("node-b", "node-b"));
        assertNotNull(TakeoverDecision.refuseTakeover("node-b", "node-c"));
        // handoff (typed on the node being taken over) needs the receiver alive
        assertNull(TakeoverDecision.refuseHandoff("node-b", "node-b", 40, T.detectMs()));
        assertNotNull(TakeoverDecision.refuseHandoff("node-b", "node-b", 1500, T.detectMs()));
        assertNotNull(TakeoverDecision.refuseHandoff("node-b", "node-a", 40, T.detectMs()));
    }

    @Test
    void givebackOnlyToAPartnerThatIsHeard() {
        assertNull(TakeoverDecision.refuseGiveback("node-b", "node-a", 40, T.detectMs()));
        String r = TakeoverDecision.refuseGiveback("node-b", "node-a", 1500, T.detectMs());
        assertNotNull(r);
        assertTrue(r.contains("not up"), r);
        assertNull(TakeoverDecision.refuseGiveback("node-b", "node-a", 1000, T.detectMs()), "silence up to detect is fine");
        assertNull(TakeoverDecision.refuseGiveback("node-a", "node-a", NEVER, T.detectMs()), "to itself always");
    }
}
