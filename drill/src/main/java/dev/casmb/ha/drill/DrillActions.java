package dev.casmb.ha.drill;

/**
 * The pair operations the drill performs: through the admin SSH shell ({@link SshActions}) or in-process
 * through the admin backend ({@link BackendActions}). Each returns the message to print.
 */
public interface DrillActions {
    String takeover(String ofNode) throws Exception;

    /** Giveback to {@code node}; fails while the node is not up yet (the drill retries). */
    String giveback(String node) throws Exception;

    String relocate(String aggregate, String fromNode, String toNode) throws Exception;

    String migrateLif(String lif, String toNode) throws Exception;

    String revertLif(String lif) throws Exception;

    /** Killing and restarting node processes (the "upgrade"); {@link #NONE} where that is not possible. */
    interface ProcessControl {
        /** kill -9 of the node's process. */
        void kill(String node) throws Exception;

        /** Starts the node's process again (returns once started; the drill waits for giveback to succeed). */
        void start(String node) throws Exception;

        default boolean canKill() { return true; }

        default boolean canStart() { return true; }

        ProcessControl NONE = new ProcessControl() {
            @Override
            public void kill(String node) {
                throw new UnsupportedOperationException("no process control");
            }

            @Override
            public void start(String node) {
                throw new UnsupportedOperationException("no process control");
            }

            @Override
            public boolean canKill() { return false; }

            @Override
            public boolean canStart() { return false; }
        };
    }
}
