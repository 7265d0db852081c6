package dev.casmb.ha.consensus.ratis;

import dev.casmb.ha.consensus.BatchCodec;
import dev.casmb.ha.consensus.CorruptDataException;
import dev.casmb.ha.consensus.LeadershipListener;
import dev.casmb.ha.consensus.ReplicatedState;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Ratis adapter of {@link ReplicatedState}. Implements the lifecycle overrides whose absence caused real outages in
 * the kill tests of the library evaluation (docs/DESIGN.md "Raft library findings", R-lifecycle):
 * <ul>
 *   <li>trap 1: {@link #getStateMachineStorage()} must return the real storage, or a restarted node never
 *       snapshots and lags;</li>
 *   <li>traps 2/3: {@link #pause()} must move the lifecycle to PAUSED and {@link #reinitialize()} must
 *       reload the installed snapshot and return to RUNNING, or a follower that receives InstallSnapshot
 *       goes to CLOSED.</li>
 * </ul>
 * {@link #initialize} runs inside {@code startAndTransition} as in Ratis's own SimpleStateMachine4Testing.
 */
final class RatisStateMachine extends BaseStateMachine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RatisStateMachine.class);
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final ReplicatedState state;
    private final Consumer<RaftPeerId> leaderChanged;

    RatisStateMachine(ReplicatedState state, Consumer<RaftPeerId> leaderChanged) {
        this.state = state;
        this.leaderChanged = leaderChanged;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            load(storage.loadLatestSnapshot());
        });
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void pause() {
        if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File f = snapshot.getFile().getPath().toFile();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(f, snapshot.getFile().getFileDigest());
        }
        byte[] data = Files.readAllBytes(f.toPath());
        try {
            state.restore(data);
        } catch (CorruptDataException e) {
            throw new IOException("corrupt snapshot " + f + ": " + e.getMessage(), e);
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("loaded snapshot {}", snapshot.getTermIndex());
    }

    @Override
    public long takeSnapshot() throws IOException {
        byte[] data;
        TermIndex last;
        synchronized (state) { // the applied index and the image must match
            last = getLastAppliedTermIndex();
            data = state.snapshot();
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(target.getPath() + ".tmp");
        Files.write(tmp.toPath(), data);
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5FileUtil.computeAndSaveMd5ForFile(target);
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        byte[] result;
        synchronized (state) {
            try {
                result = state.applyEntry(entry.getIndex(), data);
            } catch (CorruptDataException e) {
                // skipped deterministically on every replica; the submitter sees a result-count mismatch
                result = BatchCodec.encodeResults(List.of());
            }
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(result)));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            byte[] r = state.queryLocal(request.getContent().toByteArray());
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(r == null ? new byte[0] : r)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderChanged.accept(newLeaderId);
    }

}
