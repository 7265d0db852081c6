package dev.casmb.ha.pair;

import dev.casmb.ha.consensus.MemberHealth;
import java.util.List;

/** How long ago this member last had contact proving a Raft quorum, from its own view of the members. */
final class QuorumLease {
    private QuorumLease() {}

    /**
     * A follower has quorum through the leader, so its age is the leader's last contact; a leader has quorum
     * while any follower answers (three members), so its age is the freshest follower's. Returns -1 when no
     * such contact was ever made, and null when the backend reports no contact ages at all (the caller then
     * falls back to a read that needs quorum).
     */
    static Long contactAgeMs(String me, boolean leader, List<MemberHealth> members) {
        boolean known = members.stream().anyMatch(m -> !m.id().equals(me) && m.lastContactMillis() >= 0);
        if (!known) return null;
        long best = -1;
        for (MemberHealth m : members) {
            if (m.id().equals(me) || m.lastContactMillis() < 0) continue;
            if (!leader && !m.leader()) continue;
            if (best < 0 || m.lastContactMillis() < best) best = m.lastContactMillis();
        }
        return best;
    }

    /**
     * Whether the partner may still hold its own quorum lease, as far as this member can tell: only the Raft
     * leader sees the partner's contact age. A partner that answered the leader within {@code fenceMs} may
     * still be serving, so it is not taken over on heartbeat silence alone (a broken heartbeat link, or a
     * partition in which the heartbeat path died before the Raft path). A follower cannot tell: false.
     */
    static boolean partnerMayHoldLease(String partner, boolean leader, List<MemberHealth> members, long fenceMs) {
        if (!leader) return false;
        for (MemberHealth m : members) {
            if (m.id().equals(partner)) return m.lastContactMillis() >= 0 && m.lastContactMillis() < fenceMs;
        }
        return false;
    }
}
