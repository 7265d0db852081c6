package dev.casmb.ha.consensus.atomix;

import dev.casmb.ha.consensus.ReplicatedState;
import io.atomix.primitive.operation.OperationType;
import io.atomix.primitive.service.BackupInput;
import io.atomix.primitive.service.BackupOutput;
import io.atomix.primitive.service.Commit;
import io.atomix.primitive.service.PrimitiveService;
import io.atomix.primitive.service.ServiceContext;
import io.atomix.primitive.session.Session;
import io.atomix.primitive.session.SessionId;
import io.atomix.utils.serializer.Namespaces;
import io.atomix.utils.serializer.Serializer;
import io.atomix.utils.time.WallClockTimestamp;

/** Atomix service adapter: commands are group-committed batches, queries are raw query bytes. */
final class CasmbService implements PrimitiveService {
    private final ReplicatedState state;

    CasmbService(ReplicatedState state) {
        this.state = state;
    }

    @Override
    public void init(ServiceContext context) {
    }

    @Override
    public void tick(WallClockTimestamp timestamp) {
        // Deterministic state machine: no clock-driven behaviour (time is stamped into commands).
    }

    @Override
    public Serializer serializer() {
        return Serializer.using(Namespaces.BASIC);
    }

    @Override
    public void backup(BackupOutput output) {
        byte[] s = state.snapshot();
        output.writeInt(s.length).write(s);
    }

    @Override
    public void restore(BackupInput input) {
        int len = input.readInt();
        state.restore(input.readBytes(len));
    }

    @Override
    public byte[] apply(Commit<byte[]> commit) {
        if (commit.operation().type() == OperationType.QUERY) {
            return state.queryLocal(commit.value());
        }
        try {
            return state.applyEntry(commit.index(), commit.value());
        } catch (RuntimeException e) {
            // corrupt entry: an empty result set makes the submitter fail with a result-count mismatch
            return dev.casmb.ha.consensus.BatchCodec.encodeResults(java.util.List.of());
        }
    }

    @Override
    public void register(Session session) {
    }

    @Override
    public void expire(SessionId sessionId) {
    }

    @Override
    public void close(SessionId sessionId) {
    }
}
