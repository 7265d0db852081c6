package dev.casmb.ha.consensus;

/**
 * The project's own replicated state machine. Implementations must be pure and deterministic: the same sequence of
 * {@link #apply} calls on every member must produce the same state and the same results. Time-dependent values
 * (expiry instants, epochs) are stamped into the command by the submitter, never read from a clock inside
 * {@code apply} (docs/DESIGN.md "Raft library findings", R-determinism).
 *
 * <p>Calls are serialised by the consensus layer: {@code apply}, {@code query}, {@code snapshot} and
 * {@code restore} never run concurrently on one instance.
 */
public interface StateMachine {

    /**
     * Applies one committed command.
     *
     * @param index strictly increasing, identical on every replica (see {@link BatchCodec#commandIndex})
     * @param command the command bytes as submitted
     * @return the result handed back to the submitter (may be empty, never null)
     * @throws CorruptDataException if the command cannot be decoded; the submitter gets the exception,
     *         the replica keeps running (every replica rejects the same bytes the same way)
     */
    byte[] apply(long index, byte[] command);

    /** Read-only query against the applied state. Must not modify state. */
    default byte[] query(byte[] query) {
        throw new UnsupportedOperationException("query not supported by " + getClass().getSimpleName());
    }

    /** A self-contained image of the state (the consensus layer adds framing and a checksum). */
    byte[] snapshot();

    /**
     * Replaces the state with a snapshot taken by {@link #snapshot()}.
     *
     * @throws CorruptDataException if the snapshot cannot be decoded
     */
    void restore(byte[] snapshot);
}
