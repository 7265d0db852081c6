package dev.casmb.lif.store;

import dev.casmb.lif.command.LifCodec;
import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.command.LifStateMachine;
import dev.casmb.lif.model.ClusterLifState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Single-process {@link LifStateStore}. Commands are applied under a lock; observers are notified
 * synchronously by the applying thread, in order. An observer that applies a command itself gets the
 * new state at once; the notification for it is queued and delivered after the current one
 * (trampoline), so observers never re-enter each other.
 */
public final class InMemoryLifStateStore implements LifStateStore {

    private static final Logger log = LoggerFactory.getLogger(InMemoryLifStateStore.class);
    private static final int MAX_DISPATCH_PER_CALL = 10_000;
    private static final int MAX_JOURNAL = 10_000;

    private record Change(LifCommand command, ClusterLifState before, ClusterLifState after) {
    }

    private final Object stateLock = new Object();
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final Deque<Change> pending = new ArrayDeque<>();
    private final List<LifStateObserver> observers = new CopyOnWriteArrayList<>();
    private volatile ClusterLifState state = ClusterLifState.EMPTY;
    private final List<LifCommand> journal = new ArrayList<>();

    @Override
    public ClusterLifState state() {
        return state;
    }

    @Override
    public ClusterLifState apply(LifCommand command) {
        ClusterLifState after;
        synchronized (stateLock) {
            ClusterLifState before = state;
            after = LifStateMachine.apply(before, command);
            state = after;
            journal.add(command);
            if (journal.size() > MAX_JOURNAL) {
                journal.remove(0);
            }
            if (!sameContent(before, after)) {
                pending.add(new Change(command, before, after));
            }
        }
        log.debug("applied #{} {}", after.appliedIndex(), command);
        dispatch();
        return after;
    }

    /** The last (up to 10,000) commands applied, in order (for tests and debugging). */
    public List<LifCommand> journal() {
        synchronized (stateLock) {
            return List.copyOf(journal);
        }
    }

    @Override
    public AutoCloseable subscribe(LifStateObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    @Override
    public byte[] snapshot() {
        return LifCodec.encode(state);
    }

    @Override
    public void restore(byte[] snapshot) {
        ClusterLifState restored = LifCodec.decodeState(snapshot);
        synchronized (stateLock) {
            pending.add(new Change(null, state, restored));
            state = restored;
        }
        dispatch();
    }

    private static boolean sameContent(ClusterLifState a, ClusterLifState b) {
        return a.lifs().equals(b.lifs()) && a.svms().equals(b.svms());
    }

    private void dispatch() {
        if (dispatchLock.isHeldByCurrentThread()) {
            return; // nested apply from an observer: the outer dispatch loop delivers it
        }
        dispatchLock.lock();
        try {
            for (int i = 0; i < MAX_DISPATCH_PER_CALL; i++) {
                Change c;
                synchronized (stateLock) {
                    c = pending.poll();
                }
                if (c == null) {
                    return;
                }
                for (LifStateObserver o : observers) {
                    try {
                        o.stateChanged(c.command(), c.before(), c.after());
                    } catch (RuntimeException e) {
                        log.error("LIF state observer {} failed on {}", o, c.command(), e);
                    }
                }
            }
            log.error("LIF state dispatch stopped after {} notifications: observers keep changing the state",
                    MAX_DISPATCH_PER_CALL);
        } finally {
            dispatchLock.unlock();
        }
    }
}
