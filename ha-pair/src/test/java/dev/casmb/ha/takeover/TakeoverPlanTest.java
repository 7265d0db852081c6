package dev.casmb.ha.takeover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TakeoverPlanTest {
    /** Records what the plan reports. */
    static final class Recorder implements TakeoverPlan.Listener {
        final List<String> reports = new ArrayList<>();

        @Override
        public void stepDone(String plan, int index, int count, String step, long ms) {
            reports.add(index + "/" + count + " " + step + " done " + ms);
        }

        @Override
        public void stepFailed(String plan, int index, int count, String step, long ms, Exception e) {
            reports.add(index + "/" + count + " " + step + " failed " + ms + ": " + e.getMessage());
        }
    }

    @Test
    void stepsRunInTheOrderTheyWereAddedAndEachIsReportedWithItsDuration() throws IOException {
        List<String> ran = new ArrayList<>();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        TakeoverPlan plan = TakeoverPlan.named("unplanned takeover of node-a")
            .step("announce", () -> { ran.add("announce"); clock.addAndGet(2_000_000); })
            .step("commit ownership", () -> { ran.add("commit ownership"); clock.addAndGet(30_000_000); })
            .step("restore, then serve", () -> { ran.add("restore, then serve"); clock.addAndGet(100_000_000); })
            .step("move LIFs", () -> { ran.add("move LIFs"); clock.addAndGet(5_000_000); });
        Recorder r = new Recorder();
        long ms = plan.run(r, clock::get);
        assertEquals(List.of("announce", "commit ownership", "restore, then serve", "move LIFs"), ran);
        assertEquals(plan.stepNames(), ran);
        assertEquals(List.of("1/4 announce done 2", "2/4 commit ownership done 30", "3/4 restore, then serve done 100",
            "4/4 move LIFs done 5"), r.reports);
        assertEquals(137, ms);
    }

    @Test
    void aFailingStepStopsThePlanAndItsExceptionComesThroughUnchanged() {
        List<String> ran = new ArrayList<>();
        IOException refused = new IOException("cluster commit refused: stale epoch");
        TakeoverPlan plan = TakeoverPlan.named("giveback to node-a")
            .step("commit ownership", () -> { ran.add("commit ownership"); throw refused; })
            .step("reconcile", () -> ran.add("reconcile"))
            .step("revert LIFs", () -> ran.add("revert LIFs"));
        Recorder r = new Recorder();
        IOException thrown = assertThrows(IOException.class, () -> plan.run(r, () -> 0L));
        assertSame(refused, thrown);
        assertEquals(List.of("commit ownership"), ran, "no later step runs");
        assertEquals(List.of("1/3 commit ownership failed 0: cluster commit refused: stale epoch"), r.reports);
    }

    @Test
    void aRuntimeFailureInALaterStepKeepsWhatEarlierStepsDidAndStops() {
        List<String> ran = new ArrayList<>();
        TakeoverPlan plan = TakeoverPlan.named("planned takeover of node-a by node-b")
            .step("commit ownership", () -> ran.add("commit ownership"))
            .step("reconcile", () -> ran.add("reconcile"))
            .step("migrate LIFs", () -> { throw new IllegalStateException("no such LIF"); })
            .step("never", () -> ran.add("never"));
        Recorder r = new Recorder();
        assertThrows(IllegalStateException.class, () -> plan.run(r, () -> 0L));
        assertEquals(List.of("commit ownership", "reconcile"), ran);
        assertEquals(3, r.reports.size());
        assertEquals("3/4 migrate LIFs failed 0: no such LIF", r.reports.get(2));
    }
}
