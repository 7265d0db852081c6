package dev.casmb.lif.model;

import java.util.Objects;

/**
 * A logical interface: an address that belongs to an SVM and is plumbed on one node at a time.
 * Immutable; every change is a new instance produced by the state machine.
 *
 * @param name           LIF name, e.g. {@code lif_a}
 * @param svm            owning SVM name
 * @param address        address and prefix
 * @param home           home node and port
 * @param current        node and port that host it now (or should, if oper down)
 * @param previous       where it was before the last move (target of a rollback), or null
 * @param pending        target of a planned move waiting for the current host to release it, or null
 * @param adminUp        administrative status (enabled)
 * @param operUp         operational status: the current node has the address plumbed
 * @param failoverPolicy what to do when the current node is lost
 * @param autoRevert     move home automatically when the home node is back (giveback)
 * @param lastReason     why it last moved or changed
 * @param lastError      last plumbing error, or null
 */
public record Lif(String name, String svm, LifAddress address, LifLocation home, LifLocation current,
                  LifLocation previous, LifLocation pending, boolean adminUp, boolean operUp,
                  FailoverPolicy failoverPolicy, boolean autoRevert, MoveReason lastReason, String lastError) {

    public Lif {
        name = Names.require(name, "LIF name");
        svm = Names.require(svm, "SVM name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(failoverPolicy, "failoverPolicy");
        Objects.requireNonNull(lastReason, "lastReason");
    }

    /** A new LIF: at home, admin up, oper down until the home node plumbs it. */
    public static Lif create(String name, String svm, LifAddress address, LifLocation home,
                             FailoverPolicy policy, boolean autoRevert) {
        return new Lif(name, svm, address, home, home, null, null, true, false, policy, autoRevert,
                MoveReason.ADMIN, null);
    }

    public boolean isHome() {
        return current.equals(home);
    }

    public boolean isHostedOn(String node) {
        return current.isOn(node);
    }

    public String adminStatus() {
        return adminUp ? "up" : "down";
    }

    public String operStatus() {
        return operUp ? "up" : "down";
    }

    public Lif withAdminUp(boolean up) {
        return new Lif(name, svm, address, home, current, previous, pending, up, operUp, failoverPolicy,
                autoRevert, MoveReason.ADMIN, lastError);
    }

    public Lif withOper(boolean up, String error) {
        return new Lif(name, svm, address, home, current, previous, pending, adminUp, up, failoverPolicy,
                autoRevert, lastReason, error);
    }

    public Lif withPending(LifLocation target, MoveReason reason) {
        return new Lif(name, svm, address, home, current, previous, target, adminUp, operUp, failoverPolicy,
                autoRevert, reason, lastError);
    }

    /** Moves to {@code target}: oper down until the target plumbs it; remembers where it was. */
    public Lif movedTo(LifLocation target, LifLocation rememberPrevious, MoveReason reason) {
        return new Lif(name, svm, address, home, target, rememberPrevious, null, adminUp, false, failoverPolicy,
                autoRevert, reason, null);
    }

    public Lif withPolicy(FailoverPolicy policy, boolean revert) {
        return new Lif(name, svm, address, home, current, previous, pending, adminUp, operUp, policy,
                revert, lastReason, lastError);
    }

    @Override
    public String toString() {
        return name + "[" + svm + " " + address + " home=" + home + " current=" + current
                + (pending != null ? " pending=" + pending : "") + " admin=" + adminStatus()
                + " oper=" + operStatus() + " policy=" + failoverPolicy + (autoRevert ? " auto-revert" : "")
                + (lastError != null ? " error='" + lastError + "'" : "") + "]";
    }
}
