package dev.casmb.ha.takeover;

import java.io.IOException;

/**
 * The order of every failover operation, in one place. Each plan is a {@link TakeoverPlan} over {@link Actions},
 * which the pair node implements ({@code dev.casmb.ha.pair.FailoverController}) and a test can fake to check the
 * order. Common to all: ownership is committed in Raft first (each aggregate at its next epoch, so the old owner's
 * late writes are refused, README "Design notes", "Never two owners"); then this node reconciles what it serves
 * with the replicated ownership, reloading an aggregate's persistent handles before its shares are served
 * (docs/DESIGN.md "CA state survival fixes", restore before serve); LIFs move last. Fencing of the old owner in an
 * unplanned takeover happens before the plan starts: {@link TakeoverDecision} takes over only a partner whose lease
 * has run out or whose process is proven dead.
 */
public final class TakeoverPlans {
    private TakeoverPlans() {}

    /** What the plans are made of. Each method is one step's work on this node. */
    public interface Actions {
        /** MS-SWN RESOURCE_CHANGE unavailable for the partner's LIFs (MS-SWN 3.1.6, as {@code WitnessEvents.resourceChange}). */
        void announcePartnerLost(String partner);

        /** Commits ownership of every aggregate {@code from} owns now to {@code to}, with {@code reason}. */
        void commitOwnership(String from, String to, String reason) throws IOException;

        /** Commits ownership of {@code node}'s home aggregates that others own back to it. */
        void commitHomeOwnership(String node) throws IOException;

        /** Commits ownership of one aggregate to {@code destination} (the reason marks it a relocation: SHARE_MOVE). */
        void commitRelocation(String aggregate, String destination) throws IOException;

        /** Serves what this node owns (restoring handles before the shares are served) and releases the rest. */
        void reconcile();

        /** Brings the lost partner's LIFs up on this node (RESOURCE_CHANGE available follows as each answers). */
        void takeOverPartnerLifs();

        /** Migrates the LIFs hosted on {@code from} to {@code to} (MS-SWN CLIENT_MOVE as each move applies). */
        void migrateLifs(String from, String to);

        /** Reverts {@code node}'s home LIFs that are elsewhere to it. */
        void revertLifs(String node);

        /** Waits (bounded) until {@code destination} serves {@code aggregate}; false if it cannot tell. */
        void confirmServed(String aggregate, String destination) throws IOException;
    }

    /**
     * Unplanned takeover of {@code partner} by {@code me}: (1) tell the clients registered for the partner's LIFs
     * that they are unavailable, first, so they move while this node loads the handles; (2) commit ownership of
     * the partner's aggregates; (3) restore the handles, then serve; (4) bring the partner's LIFs up here.
     */
    public static TakeoverPlan unplannedTakeover(String me, String partner, Actions a) {
        return TakeoverPlan.named("unplanned takeover of " + partner)
            .step("announce the partner's LIFs unavailable", () -> a.announcePartnerLost(partner))
            .step("commit ownership of the partner's aggregates", () -> a.commitOwnership(partner, me, "unplanned takeover"))
            .step("restore handles, then serve the shares", a::reconcile)
            .step("bring the partner's LIFs up here", a::takeOverPartnerLifs);
    }

    /**
     * Planned takeover of {@code from} by {@code to} (run on either node): (1) commit ownership of {@code from}'s
     * aggregates to {@code to} (the old owner releases its opens as the change applies there); (2) reconcile here;
     * (3) migrate {@code from}'s LIFs to {@code to}.
     */
    public static TakeoverPlan plannedTakeover(String from, String to, String reason, Actions a) {
        return TakeoverPlan.named(reason)
            .step("commit ownership of " + from + "'s aggregates to " + to, () -> a.commitOwnership(from, to, reason))
            .step("restore handles, then serve the shares (or release them)", a::reconcile)
            .step("migrate " + from + "'s LIFs to " + to, () -> a.migrateLifs(from, to));
    }

    /** Giveback to {@code toNode}: (1) commit its home aggregates back to it; (2) reconcile here; (3) revert its LIFs. */
    public static TakeoverPlan giveback(String toNode, Actions a) {
        return TakeoverPlan.named("giveback to " + toNode)
            .step("commit ownership of " + toNode + "'s home aggregates to it", () -> a.commitHomeOwnership(toNode))
            .step("restore handles, then serve the shares (or release them)", a::reconcile)
            .step("revert " + toNode + "'s home LIFs", () -> a.revertLifs(toNode));
    }

    /**
     * Aggregate relocation (ownership, shares and handles move; LIFs stay): (1) commit the ownership change (SHARE_MOVE
     * to the registered clients as it applies, on both nodes); (2) reconcile here; (3) confirm the destination serves it.
     */
    public static TakeoverPlan relocation(String aggregate, String destination, Actions a) {
        return TakeoverPlan.named("relocation of " + aggregate + " to " + destination)
            .step("commit ownership to " + destination, () -> a.commitRelocation(aggregate, destination))
            .step("restore handles, then serve the shares (or release them)", a::reconcile)
            .step("confirm " + destination + " serves " + aggregate, () -> a.confirmServed(aggregate, destination));
    }
}
