package dev.casmb.ha.takeover;

/**
 * What this node does on a failover tick, from facts alone (a pure function: no clock, no threads). The
 * controller samples the facts, asks {@link #decide}, and carries the action out.
 *
 * <p>Rules (README "Design notes", "Never two owners", "Boot grace"; "A dead partner process is taken over at
 * once"): a node whose quorum lease is older than {@code fence} fences itself, and after {@code detect} fenced it
 * releases its aggregates; a fenced node whose lease is back rejoins; a node that has never heard its partner
 * waits out the boot grace; a silent partner (longer than {@code detect}, or proven dead and silent for a few
 * beats) is taken over, unless Raft shows it may still hold its own lease, and never within a few beats of this
 * node (re)gaining the right to act, nor while another failover operation runs here.
 */
public final class TakeoverDecision {
    private TakeoverDecision() {}

    /** Partner silence when the partner was never heard (as {@code Heartbeat.partnerSilenceMs} reports it). */
    public static final long NEVER_HEARD = Long.MAX_VALUE;

    /**
     * The failover timers (the {@code pair:} section).
     *
     * @param fenceMs quorum lease: without quorum for longer, a node stops serving
     * @param detectMs partner heartbeat silence after which the partner is taken over (must exceed {@code fenceMs})
     * @param heartbeatMs the heartbeat interval
     * @param bootGraceMs how long a node that never heard its partner waits before taking over its aggregates
     */
    public record Timing(long fenceMs, long detectMs, long heartbeatMs, long bootGraceMs) {
        /** A few beats: the heartbeat a node must have had the chance to hear before acting on silence. */
        public long graceMs() {
            return Math.min(detectMs, 3 * heartbeatMs);
        }
    }

    /**
     * What this node observes at one instant.
     *
     * @param quorumAgeMs age of this node's quorum lease (time since the last contact proving a Raft quorum)
     * @param fenced whether this node is fenced now
     * @param partnerSilenceMs time since the partner's last heartbeat, {@link #NEVER_HEARD} if never
     * @param partnerOwnsAggregates whether the replicated state gives the partner any aggregate
     * @param upMs time since this node started
     * @param activeMs time since this node (re)gained the right to act (start, or the end of its last fence)
     * @param partnerProcessDead whether Raft's side channel proved the partner's process dead (refused reconnect)
     * @param partnerMayHoldLease whether Raft (on the leader) saw the partner within {@code fence}: it may serve
     * @param operationInProgress whether a takeover, giveback or relocation runs on this node
     */
    public record Facts(long quorumAgeMs, boolean fenced, long partnerSilenceMs, boolean partnerOwnsAggregates, long upMs,
                        long activeMs, boolean partnerProcessDead, boolean partnerMayHoldLease, boolean operationInProgress) {}

    /** The action of one tick. */
    public enum Action {
        /** The lease is lost: stop serving (without writing the replicated state). */
        FENCE,
        /** Fenced, lease still lost, not yet for {@code detect}: nothing to do. */
        STAY_FENCED,
        /** Fenced for longer than {@code detect}: the partner may own this node's aggregates now; drop them here. */
        RELEASE_FENCED,
        /** Fenced and the lease is back: catch up, release what moved, serve again; then decide again. */
        REJOIN,
        /** Never heard the partner since start and still within the boot grace: do not take its aggregates. */
        WAIT_FOR_BOOTING_PARTNER,
        /** The partner is silent but may still hold its lease (it answers Raft): no takeover yet. */
        HOLD_OFF,
        /** Take the partner's aggregates and LIFs over. */
        TAKE_OVER,
        /** Normal operation: nothing to do. */
        NONE;

        /** True for the actions of a node that acts normally this tick (leadership affinity may run). */
        public boolean active() {
            return this == HOLD_OFF || this == TAKE_OVER || this == NONE;
        }
    }

    /**
     * One decision.
     *
     * @param silenceMs for {@link Action#TAKE_OVER}: the partner silence to report (this node's uptime if never heard)
     * @param processDead for {@link Action#TAKE_OVER}: whether the takeover is on proof of a dead process
     */
    public record Decision(Action action, long silenceMs, boolean processDead) {
        static Decision of(Action a) {
            return new Decision(a, 0, false);
        }
    }

    /** The action for these facts. */
    public static Decision decide(Timing t, Facts f) {
        if (!leaseHeld(f.quorumAgeMs(), t.fenceMs())) {
            if (!f.fenced()) return Decision.of(Action.FENCE);
            return Decision.of(f.quorumAgeMs() > t.detectMs() ? Action.RELEASE_FENCED : Action.STAY_FENCED);
        }
        if (f.fenced()) return Decision.of(Action.REJOIN);
        long silence = f.partnerSilenceMs();
        if (silence == NEVER_HEARD && f.partnerOwnsAggregates() && f.upMs() < t.bootGraceMs()) {
            return Decision.of(Action.WAIT_FOR_BOOTING_PARTNER);
        }
        // A proven-dead process serves nothing: no lease to wait out, only a few missed beats. A partition or a
        // hung process proves nothing and takes the detect + lease path.
        boolean dead = silence != NEVER_HEARD && silence > t.graceMs() && f.partnerProcessDead();
        boolean silent = silence > t.detectMs() || dead;
        if (!silent || f.activeMs() < t.graceMs() || f.operationInProgress() || !f.partnerOwnsAggregates()) {
            return Decision.of(Action.NONE);
        }
        if (!dead && f.partnerMayHoldLease()) return Decision.of(Action.HOLD_OFF);
        return new Decision(Action.TAKE_OVER, silence == NEVER_HEARD ? f.upMs() : silence, dead);
    }

    /** Whether the quorum lease holds: the last contact proving quorum is at most {@code fenceMs} old. */
    public static boolean leaseHeld(long quorumAgeMs, long fenceMs) {
        return quorumAgeMs <= fenceMs;
    }

    /**
     * Data fencing (README "Continuous availability: what survives, and fencing", "Data fencing"): a change
     * to a share's data that no client frame carries (expiry, delete-on-close) is allowed only while the
     * lease holds, this node's replica names it the owner of the share's aggregate, and it is not fenced.
     * The lease part is {@link #leaseHeld}, checked as the server's admission; this is the rest.
     */
    public static boolean mayChangeShare(boolean ownsAggregate, boolean fenced) {
        return ownsAggregate && !fenced;
    }

    /** Both parts of the data-fencing check together (what {@code ServerContext.mayMutate} computes). */
    public static boolean mayMutate(long quorumAgeMs, long fenceMs, boolean ownsAggregate, boolean fenced) {
        return leaseHeld(quorumAgeMs, fenceMs) && mayChangeShare(ownsAggregate, fenced);
    }

    /**
     * Why a planned takeover of {@code ofNode} run on {@code me} is refused, or null if allowed: only the
     * partner can be taken over (its state does not matter: a planned takeover of a live partner moves its
     * opens; of a dead one, what is left of them).
     */
    public static String refuseTakeover(String partner, String ofNode) {
        return ofNode.equals(partner) ? null : "this node can only take over its partner " + partner;
    }

    /**
     * Why handing this node's aggregates to {@code toNode} (a takeover typed on the node being taken over) is
     * refused, or null: the receiver must be the partner, heard within {@code detect}.
     */
    public static String refuseHandoff(String partner, String toNode, long partnerSilenceMs, long detectMs) {
        if (!toNode.equals(partner)) return "can only hand over to the partner " + partner;
        if (partnerSilenceMs > detectMs) return "partner " + toNode + " is not up";
        return null;
    }

    /**
     * Why a giveback to {@code toNode} is refused, or null: a giveback to this node itself is always allowed;
     * to the partner only while it is heard within {@code detect} (it serves only after it caught its replica up:
     * a node rejoining after a fence catches up before it unfences).
     */
    public static String refuseGiveback(String me, String toNode, long partnerSilenceMs, long detectMs) {
        if (toNode.equals(me) || partnerSilenceMs <= detectMs) return null;
        return "partner " + toNode + " is not up (silent " + partnerSilenceMs + " ms)";
    }
}
