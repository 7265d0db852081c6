package dev.casmb.smb.state;

import java.util.BitSet;

/**
 * The connection's command-sequence window (MS-SMB2 3.3.1.1, 3.3.5.2.3): which message ids the client
 * may use. Ids are granted by credits; each id is accepted once. Bounded by {@link #maxOutstanding}.
 */
public final class CreditWindow {
    private final int maxOutstanding;
    private long low;          // lowest id not yet used
    private long high;         // first id not granted
    private final BitSet used = new BitSet(); // bit i => id (low + i) used

    public CreditWindow(int maxOutstanding) {
        if (maxOutstanding < 1) throw new IllegalArgumentException("maxCredits must be at least 1");
        this.maxOutstanding = maxOutstanding;
        this.low = 0;
        this.high = 1; // MessageId 0 is granted implicitly for the first NEGOTIATE
    }

    /** Consumes ids [mid, mid+charge). Returns false if any is outside the window or already used. */
    public synchronized boolean consume(long mid, int charge) {
        if (charge < 1) charge = 1;
        if (mid < low || mid + charge > high || mid + charge < mid) return false;
        int start = (int) (mid - low);
        if (used.nextSetBit(start) != -1 && used.nextSetBit(start) < start + charge) return false;
        used.set(start, start + charge);
        int firstClear = used.nextClearBit(0);
        if (firstClear > 0) {
            low += firstClear;
            BitSet shifted = used.get(firstClear, Math.max(firstClear, used.length()));
            used.clear();
            used.or(shifted);
        }
        return true;
    }

    /**
     * Grants up to {@code requested} new credits, never so many that more than {@link #maxOutstanding} are
     * outstanding (granted, not yet used), except that {@code min} (0 or 1) is granted regardless so that a
     * client with no credit left is not stuck; returns the number granted.
     */
    public synchronized int grant(int requested, int min) {
        long outstanding = high - low - used.cardinality();
        long room = maxOutstanding - outstanding;
        long n = Math.max(min, Math.min(requested, room));
        if (n < 0) n = 0;
        if (n > 0xFFFF) n = 0xFFFF;
        high += n;
        return (int) n;
    }

    /** The configured bound on outstanding credits (server {@code maxCredits}). */
    public int maxOutstanding() { return maxOutstanding; }

    public synchronized long outstanding() {
        return high - low - used.cardinality();
    }

    /** True if mid lies in the granted window (used or not); for CANCEL, which consumes nothing. */
    public synchronized boolean inRange(long mid) {
        return mid < high;
    }
}
