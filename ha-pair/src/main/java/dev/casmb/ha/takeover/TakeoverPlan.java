package dev.casmb.ha.takeover;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A takeover, giveback or relocation as an ordered list of named steps, so that the order is read in one place
 * (where the plans are built: {@link TakeoverPlans}). {@link #run} runs the steps in order and reports each one
 * with its duration; the first step that fails stops the plan: later steps do not run, the listener is told which
 * step failed, and the step's exception is rethrown unchanged. Nothing is rolled back (as before the plans): what a
 * finished step committed (an ownership change in Raft) stays, and the replicated state, which every node follows,
 * is the single truth the next operation starts from (README "Continuous availability: what survives, and
 * fencing").
 */
public final class TakeoverPlan {
    /** One step; may throw to stop the plan. */
    @FunctionalInterface
    public interface Step {
        void run() throws IOException;
    }

    /** Told of each step as it ends (for the node's event log). */
    public interface Listener {
        void stepDone(String plan, int index, int count, String step, long ms);

        void stepFailed(String plan, int index, int count, String step, long ms, Exception e);
    }

    private record Named(String name, Step step) {}

    private final String name;
    private final List<Named> steps = new ArrayList<>();

    private TakeoverPlan(String name) {
        this.name = name;
    }

    /** A new empty plan; {@code name} is what the step reports are headed with (e.g. "giveback to node-a"). */
    public static TakeoverPlan named(String name) {
        return new TakeoverPlan(name);
    }

    /** Appends a step. */
    public TakeoverPlan step(String stepName, Step step) {
        steps.add(new Named(stepName, step));
        return this;
    }

    public String name() {
        return name;
    }

    /** The step names, in the order they run. */
    public List<String> stepNames() {
        return steps.stream().map(Named::name).toList();
    }

    /** Runs the steps in order with the system clock; returns the elapsed milliseconds. */
    public long run(Listener listener) throws IOException {
        return run(listener, System::nanoTime);
    }

    /**
     * Runs the steps in order; returns the elapsed milliseconds. A step's exception (checked or not) stops the
     * plan; the listener hears of it and it is rethrown as it was, so callers see what the step threw.
     */
    public long run(Listener listener, LongSupplier nanoClock) throws IOException {
        long t0 = nanoClock.getAsLong();
        for (int i = 0; i < steps.size(); i++) {
            Named s = steps.get(i);
            long s0 = nanoClock.getAsLong();
            try {
                s.step().run();
            } catch (IOException | RuntimeException e) {
                listener.stepFailed(name, i + 1, steps.size(), s.name(), (nanoClock.getAsLong() - s0) / 1_000_000, e);
                throw e;
            }
            listener.stepDone(name, i + 1, steps.size(), s.name(), (nanoClock.getAsLong() - s0) / 1_000_000);
        }
        return (nanoClock.getAsLong() - t0) / 1_000_000;
    }
}
