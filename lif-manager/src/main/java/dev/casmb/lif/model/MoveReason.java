package dev.casmb.lif.model;

/** Why a LIF moved; recorded in the state and carried in events and logs. */
public enum MoveReason {
    /** Administrator-requested planned move. */
    MIGRATE,
    /** Administrator-requested move back to the home port. */
    REVERT,
    /** Unplanned: the hosting node was lost, the partner took over. */
    FAILOVER,
    /** Automatic revert to home after giveback (auto-revert flag). */
    GIVEBACK,
    /** The target could not plumb the address; moved back to where it came from. */
    ROLLBACK,
    /** Created, enabled, disabled or deleted (not a move). */
    ADMIN
}
