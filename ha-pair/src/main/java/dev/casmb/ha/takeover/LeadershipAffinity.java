package dev.casmb.ha.takeover;

/**
 * Raft leadership follows the data (README "Design notes", "Raft leadership follows the data"): a commit from the
 * leader saves the forward to the leader and the wait for the commit index to reach this replica. The node that
 * should lead is the one serving aggregates while its partner serves none; with both serving (active/active), the
 * one serving more, and on a tie the one whose name sorts first (both nodes reach the same answer, so leadership
 * never ping-pongs). This node asks for leadership once wanting it has held for {@link #HOLD_NANOS} and at most
 * every {@link #MIN_INTERVAL_NANOS}. Not thread-safe: called from the failover thread only; time is passed in.
 */
public final class LeadershipAffinity {
    /** How long this node must have wanted leadership before it asks. */
    public static final long HOLD_NANOS = 3_000_000_000L;
    /** Least time between two requests. */
    public static final long MIN_INTERVAL_NANOS = 10_000_000_000L;

    private long wantSinceNanos;
    private boolean wanting;
    private long lastAskNanos;
    private boolean asked;

    /** Whether {@code me}, serving {@code mine} aggregates while {@code partner} serves {@code theirs}, should lead. */
    public static boolean shouldLead(String me, String partner, int mine, int theirs) {
        if (mine == 0) return false;
        return mine > theirs || (mine == theirs && me.compareTo(partner) < 0);
    }

    /**
     * Whether this node wants leadership now: it should lead, the leader is known and elsewhere, the partner is
     * heard on the heartbeat, and no failover operation runs here.
     */
    public static boolean wants(boolean shouldLead, String leader, String me, boolean partnerHeard, boolean operationInProgress) {
        return shouldLead && !operationInProgress && leader != null && !leader.equals(me) && partnerHeard;
    }

    /** Feeds one observation; true when this node should ask for leadership now (then counted as asked). */
    public boolean askNow(boolean want, long nowNanos) {
        if (!want) {
            wanting = false;
            return false;
        }
        if (!wanting) {
            wanting = true;
            wantSinceNanos = nowNanos;
        }
        if (nowNanos - wantSinceNanos < HOLD_NANOS || (asked && nowNanos - lastAskNanos < MIN_INTERVAL_NANOS)) return false;
        lastAskNanos = nowNanos;
        asked = true;
        return true;
    }
}
