package dev.casmb.ha.takeover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of the real plans, with actions that only record what they were asked to do. */
class TakeoverPlansTest {
    static final class Recording implements TakeoverPlans.Actions {
        final List<String> calls = new ArrayList<>();
        String failOn;

        private void call(String c) throws IOException {
            calls.add(c);
            if (c.startsWith(String.valueOf(failOn))) throw new IOException("cluster commit timed out after 5000 ms (no quorum?)");
        }

        private void callUnchecked(String c) {
            try {
                call(c);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }

        @Override public void announcePartnerLost(String partner) { callUnchecked("announce " + partner + " lost"); }
        @Override public void commitOwnership(String from, String to, String reason) throws IOException {
            call("commit " + from + "->" + to + " (" + reason + ")");
        }
        @Override public void commitHomeOwnership(String node) throws IOException { call("commit home of " + node); }
        @Override public void commitRelocation(String aggregate, String destination) throws IOException {
            call("commit " + aggregate + "->" + destination);
        }
        @Override public void reconcile() { callUnchecked("reconcile"); }
        @Override public void takeOverPartnerLifs() { callUnchecked("partner LIFs up here"); }
        @Override public void migrateLifs(String from, String to) { callUnchecked("migrate LIFs " + from + "->" + to); }
        @Override public void revertLifs(String node) { callUnchecked("revert LIFs of " + node); }
        @Override public void confirmServed(String aggregate, String destination) throws IOException {
            call("confirm " + aggregate + " on " + destination);
        }
    }

    static final TakeoverPlan.Listener QUIET = new TakeoverPlan.Listener() {
        @Override public void stepDone(String plan, int index, int count, String step, long ms) { }
        @Override public void stepFailed(String plan, int index, int count, String step, long ms, Exception e) { }
    };

    @Test
    void unplannedTakeoverAnnouncesFirstCommitsBeforeServingAndMovesLifsLast() throws IOException {
        Recording r = new Recording();
        TakeoverPlans.unplannedTakeover("node-b", "node-a", r).run(QUIET);
        assertEquals(List.of("announce node-a lost", "commit node-a->node-b (unplanned takeover)", "reconcile",
            "partner LIFs up here"), r.calls);
    }

    @Test
    void unplannedTakeoverWithoutQuorumForTheOwnershipServesNothingAndMovesNoLif() {
        Recording r = new Recording();
        r.failOn = "commit";
        assertThrows(IOException.class, () -> TakeoverPlans.unplannedTakeover("node-b", "node-a", r).run(QUIET));
        assertEquals(List.of("announce node-a lost", "commit node-a->node-b (unplanned takeover)"), r.calls);
    }

    @Test
    void plannedTakeoverCommitsThenServesThenMigratesLifs() throws IOException {
        Recording r = new Recording();
        TakeoverPlans.plannedTakeover("node-a", "node-b", "planned takeover of node-a by node-b", r).run(QUIET);
        assertEquals(List.of("commit node-a->node-b (planned takeover of node-a by node-b)", "reconcile",
            "migrate LIFs node-a->node-b"), r.calls);
    }

    @Test
    void givebackCommitsHomeAggregatesThenServesThenRevertsLifs() throws IOException {
        Recording r = new Recording();
        TakeoverPlans.giveback("node-a", r).run(QUIET);
        assertEquals(List.of("commit home of node-a", "reconcile", "revert LIFs of node-a"), r.calls);
    }

    @Test
    void relocationMovesNoLifAndConfirmsLast() throws IOException {
        Recording r = new Recording();
        TakeoverPlans.relocation("aggr1", "node-b", r).run(QUIET);
        assertEquals(List.of("commit aggr1->node-b", "reconcile", "confirm aggr1 on node-b"), r.calls);
    }

    @Test
    void aFailedGivebackCommitLeavesTheLifsWhereTheyAre() {
        Recording r = new Recording();
        r.failOn = "commit home";
        assertThrows(IOException.class, () -> TakeoverPlans.giveback("node-a", r).run(QUIET));
        assertEquals(List.of("commit home of node-a"), r.calls);
    }
}
