package dev.casmb.ha.cluster;

import dev.casmb.lif.command.LifCodec;
import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.command.LifStateException;
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.store.LifStateObserver;
import dev.casmb.lif.store.LifStateStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LIF state on the pair's Raft log: commands are committed through consensus; every replica's observers
 * hear of applied changes in log order on their own thread (never the consensus apply thread, so an
 * observer may submit further commands).
 */
public final class RaftLifStateStore implements LifStateStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftLifStateStore.class);
    private final ClusterClient cluster;
    private final List<LifStateObserver> observers = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lif-observers");
        t.setDaemon(true);
        return t;
    });

    public RaftLifStateStore(ClusterClient cluster) {
        this.cluster = cluster;
        cluster.state().setLifObserver((c, before, after) -> notifier.execute(() -> {
            for (LifStateObserver o : observers) {
                try {
                    o.stateChanged(c, before, after);
                } catch (RuntimeException e) {
                    log.warn("LIF observer failed on {}: {}", c, e.toString());
                }
            }
        }));
    }

    @Override
    public ClusterLifState state() {
        return cluster.state().lifState();
    }

    @Override
    public ClusterLifState apply(LifCommand command) {
        try {
            cluster.commit(new ClusterCommand.Lif(LifCodec.encode(command)));
        } catch (IOException e) {
            throw new LifStateException(e.getMessage());
        }
        return state();
    }

    @Override
    public AutoCloseable subscribe(LifStateObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    @Override
    public byte[] snapshot() {
        return LifCodec.encode(state());
    }

    @Override
    public void restore(byte[] snapshot) {
        throw new UnsupportedOperationException("the replicated LIF state is restored by the consensus layer");
    }

    @Override
    public void close() {
        notifier.shutdownNow();
    }
}
