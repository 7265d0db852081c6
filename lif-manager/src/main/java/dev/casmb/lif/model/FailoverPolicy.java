package dev.casmb.lif.model;

/** What happens to a LIF when the node hosting it is lost. */
public enum FailoverPolicy {
    /** Fail over to the HA partner. */
    PARTNER,
    /** Stay where it is (down while that node is down). */
    DISABLED
}
