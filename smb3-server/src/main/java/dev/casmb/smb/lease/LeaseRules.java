package dev.casmb.smb.lease;

import dev.casmb.smb.proto.LeaseState;

/**
 * The lease state rules as pure functions (MS-SMB2 3.3.5.9.8/11, 3.3.4.7, 3.3.5.22.2, as Windows behaves
 * in smbtorture smb2.lease), used by {@link Leases} and tested on their own.
 */
final class LeaseRules {
    private LeaseRules() {}

    /**
     * What other opens of the file allow a lease: no W if any other (non-stat) open exists, no H if one
     * of them holds a LEVEL_II/EXCLUSIVE/BATCH oplock.
     */
    static int allowed(boolean otherOpens, boolean otherOplocks) {
        int a = LeaseState.RWH;
        if (otherOpens) a &= ~LeaseState.W;
        if (otherOplocks) a &= ~LeaseState.H;
        return a;
    }

    /** A new lease gets what it asks for, less what the other opens do not allow. */
    static int newLease(int requested, int allowed) {
        return LeaseState.normalize(LeaseState.normalize(requested) & allowed);
    }

    /**
     * A request on an existing lease changes it only to a strict superset that the other opens allow, and
     * not while a break is in progress (smbtorture lease.upgrade2/upgrade3).
     */
    static int upgrade(int current, int requested, int allowed, boolean breaking) {
        int r = LeaseState.normalize(requested);
        if (breaking || r == current || !LeaseState.contains(r, current) || (r & ~allowed) != 0) return current;
        return r;
    }

    /**
     * The state another lease is broken to by a new open: W goes if the open goes ahead, H goes instead if
     * it hits a sharing violation, R and H go if it overwrites the file.
     */
    static int breakTarget(int state, boolean sharingViolation, boolean overwrite) {
        int target = sharingViolation ? state & ~LeaseState.H : state & ~LeaseState.W;
        if (overwrite) target &= ~(LeaseState.R | LeaseState.H);
        return LeaseState.normalize(target);
    }

    /** Whether the new open must wait for the holder: it loses W, or H on a sharing violation. */
    static boolean delays(int state, boolean sharingViolation) {
        return (state & (LeaseState.W | (sharingViolation ? LeaseState.H : 0))) != 0;
    }

    /** A break from a state with W or H must be acknowledged (MS-SMB2 3.3.4.7). */
    static boolean ackRequired(int state) {
        return (state & (LeaseState.W | LeaseState.H)) != 0;
    }

    /** The acknowledged state must be within the state the lease is being broken to (3.3.5.22.2). */
    static boolean ackAccepted(int acked, int breakTo) {
        return (acked & ~breakTo) == 0;
    }

    /**
     * After an acknowledgement to {@code acked}, with a further reduction to {@code pendingTo} asked for
     * meanwhile: the next state to break to. Windows goes in steps, first to R while W or H remain, then
     * to none (smbtorture lease.breaking3). Returns {@code acked} when nothing more is needed.
     */
    static int nextStep(int acked, int pendingTo) {
        if (pendingTo < 0) return acked;
        int finalTo = LeaseState.normalize(pendingTo & acked);
        return (acked & ~LeaseState.R) != 0 ? finalTo | (acked & LeaseState.R) : finalTo;
    }
}
