package dev.casmb.lif.command;

import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;

/**
 * A small immutable state change of the replicated LIF state. Every command is idempotent: applying
 * it twice gives the same state as applying it once. Commands are what gets replicated (Raft log
 * entries); encode them with {@link LifCodec}.
 */
public sealed interface LifCommand {

    /** The LIF or SVM the command is about. */
    String target();

    /** Create an SVM with its CIFS server identity. */
    record CreateSvm(String name, String netbiosName, String dnsName) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** Delete an SVM (it must have no LIFs). */
    record DeleteSvm(String name) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** Create a LIF at its home location, admin up. */
    record CreateLif(String name, String svm, LifAddress address, LifLocation home, FailoverPolicy failoverPolicy,
                     boolean autoRevert) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** Delete a LIF; the node hosting it releases the address. */
    record DeleteLif(String name) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** Change the failover policy and auto-revert flag. */
    record SetLifPolicy(String name, FailoverPolicy failoverPolicy, boolean autoRevert) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** Enable (up) or disable (down) a LIF. */
    record SetAdminStatus(String name, boolean up) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /**
     * Planned move (migrate, revert, giveback): records the target as pending; the current host
     * announces the move, releases the address and then applies {@link CompleteRelease}. If nothing
     * is plumbed (oper down) the LIF moves at once.
     */
    record RequestMove(String name, LifLocation to, MoveReason reason) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** The node {@code fromNode} has released the address; the LIF moves to its pending target. */
    record CompleteRelease(String name, String fromNode) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** Unplanned move (failover): the LIF moves at once, the old host is assumed gone. */
    record Takeover(String name, LifLocation to, MoveReason reason) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /** The node {@code node} has plumbed ({@code up}) or released the address. Ignored if stale. */
    record SetOperStatus(String name, String node, boolean up) implements LifCommand {
        public String target() {
            return name;
        }
    }

    /**
     * The node {@code node} could not plumb the address: the LIF goes back to where it came from
     * (rollback), or stays oper down with the error if there is nowhere to go back to.
     */
    record PlumbFailed(String name, String node, String error) implements LifCommand {
        public String target() {
            return name;
        }
    }
}
