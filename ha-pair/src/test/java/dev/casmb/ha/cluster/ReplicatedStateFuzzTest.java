package dev.casmb.ha.cluster;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.casmb.ha.consensus.BatchCodec;
import dev.casmb.ha.consensus.CorruptDataException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of the Raft-replicated state: a corrupt log entry, batch or snapshot
 * must be a CorruptDataException (a clear error), never another exception or an out-of-memory.
 * {@code apply} may also reject a well-formed command that does not fit the state (IllegalStateException).
 */
class ReplicatedStateFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void logEntry(byte[] data) {
        try {
            ClusterCommand c = ClusterCommand.decode(data);
            // (not byte-identical: DataInput.readUTF accepts non-shortest UTF-8 forms; decoding is still deterministic)
            byte[] canonical = ClusterCommand.encode(c);
            if (!Arrays.equals(ClusterCommand.encode(ClusterCommand.decode(canonical)), canonical)) {
                throw new AssertionError("encode/decode not stable");
            }
        } catch (CorruptDataException expected) {
            // corrupt
        }
        try {
            for (byte[] e : BatchCodec.decodeBatch(data)) {
                try {
                    new ClusterStateMachine().apply(1, e);
                } catch (CorruptDataException | IllegalStateException expected) {
                    // corrupt or rejected
                }
            }
        } catch (CorruptDataException expected) {
            // corrupt
        }
        try {
            BatchCodec.decodeResults(data);
        } catch (CorruptDataException expected) {
            // corrupt
        }
    }

    @FuzzTest(maxDuration = "10s")
    void snapshot(byte[] data) {
        try {
            ClusterStateMachine m = new ClusterStateMachine();
            m.restore(data);
            m.snapshot();
        } catch (CorruptDataException expected) {
            // corrupt
        }
        try {
            BatchCodec.decodeSnapshot(data);
        } catch (CorruptDataException expected) {
            // corrupt
        }
    }
}
