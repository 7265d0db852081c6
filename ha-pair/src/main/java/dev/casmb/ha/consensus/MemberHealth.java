package dev.casmb.ha.consensus;

/**
 * One member of the group as this member sees it.
 *
 * @param id member id
 * @param address host:port of its Raft endpoint
 * @param mediator true for the vote-only mediator
 * @param leader whether it is the current leader
 * @param lastContactMillis milliseconds since this member last heard from it (0 for self; -1 if unknown,
 *        e.g. a follower knows only the leader's age)
 */
public record MemberHealth(String id, String address, boolean mediator, boolean leader, long lastContactMillis) {
}
