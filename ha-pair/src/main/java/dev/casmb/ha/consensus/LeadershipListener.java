package dev.casmb.ha.consensus;

/** Told about every change of this member's view of the Raft leader. Called off the Raft threads' critical path. */
@FunctionalInterface
public interface LeadershipListener {
    /**
     * @param leaderId current leader id, or null while there is none known
     * @param localIsLeader whether this member is the leader
     * @param term the Raft term of this view
     */
    void leadershipChanged(String leaderId, boolean localIsLeader, long term);
}
