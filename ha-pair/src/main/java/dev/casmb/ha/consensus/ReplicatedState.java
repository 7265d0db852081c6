package dev.casmb.ha.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Library-neutral glue between a Raft library's state machine callbacks and the project's
 * {@link StateMachine}: unpacks group-committed entries, applies each command, turns state machine
 * exceptions into per-command rejections (deterministic on every replica, so the replica does not crash),
 * and frames snapshots. All access is serialised on this object so {@link #queryLocal} is safe from any thread.
 */
public final class ReplicatedState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplicatedState.class);
    private final StateMachine sm;
    private long lastAppliedLogIndex;

    public ReplicatedState(StateMachine sm) {
        this.sm = sm;
    }

    /** Applies one log entry (a batch of commands) and returns the encoded per-command results. */
    public synchronized byte[] applyEntry(long logIndex, byte[] entry) {
        List<byte[]> commands;
        try {
            commands = BatchCodec.decodeBatch(entry);
        } catch (CorruptDataException e) {
            // Every replica holds the same bytes, so every replica skips it the same way.
            LOG.error("skipping corrupt log entry {}: {}", logIndex, e.getMessage());
            lastAppliedLogIndex = logIndex;
            throw e;
        }
        List<BatchCodec.Result> results = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            try {
                results.add(BatchCodec.Result.ok(sm.apply(BatchCodec.commandIndex(logIndex, i), commands.get(i))));
            } catch (RuntimeException e) {
                results.add(BatchCodec.Result.rejected(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        lastAppliedLogIndex = logIndex;
        return BatchCodec.encodeResults(results);
    }

    public synchronized byte[] queryLocal(byte[] query) {
        return sm.query(query);
    }

    public synchronized long lastAppliedLogIndex() {
        return lastAppliedLogIndex;
    }

    /** Framed snapshot of the current state. */
    public synchronized byte[] snapshot() {
        return BatchCodec.encodeSnapshot(lastAppliedLogIndex, sm.snapshot());
    }

    /** Restores a framed snapshot; returns its last applied log index. */
    public synchronized long restore(byte[] framed) {
        BatchCodec.Snapshot s = BatchCodec.decodeSnapshot(framed);
        sm.restore(s.state());
        lastAppliedLogIndex = s.lastAppliedLogIndex();
        return lastAppliedLogIndex;
    }
}
