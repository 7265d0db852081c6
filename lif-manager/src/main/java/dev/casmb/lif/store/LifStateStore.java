package dev.casmb.lif.store;

import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.command.LifStateException;
import dev.casmb.lif.model.ClusterLifState;

/**
 * The replicated LIF state. The in-memory implementation serves one JVM (tests, demo, both "nodes"
 * in one process); the HA-pair module will put the same {@link LifCommand}s on Raft and apply them
 * with {@link dev.casmb.lif.command.LifStateMachine} on each replica.
 *
 * <p>Contract: {@link #apply} returns once the command is applied to this replica's state (committed,
 * for a replicated store). Observers are told about changing commands in order; they may call
 * {@link #apply} themselves (the LIF manager does, to report plumbing results) — a store must not
 * deadlock on that (the in-memory store queues nested notifications; a Raft store should notify on
 * its own executor).
 */
public interface LifStateStore {

    /** The current state of this replica. */
    ClusterLifState state();

    /**
     * Applies one command.
     *
     * @return the state right after this command
     * @throws LifStateException if the command is invalid for the current state (nothing changes)
     */
    ClusterLifState apply(LifCommand command);

    /** Registers an observer; close the returned handle to unregister. */
    AutoCloseable subscribe(LifStateObserver observer);

    /** The whole state as bytes (for Raft snapshots). */
    byte[] snapshot();

    /** Replaces the state with a snapshot (observers are told, with a null command). */
    void restore(byte[] snapshot);
}
