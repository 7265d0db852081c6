package dev.casmb.ha.cluster;

import dev.casmb.smb.durable.CorruptRecordException;
import dev.casmb.smb.durable.HandleRecord;
import dev.casmb.smb.durable.HandleStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pair's {@link HandleStore}: a persistent-handle change is acknowledged only after the Raft group
 * (this node, the partner or the mediator) has committed it, stamped with this node's ownership epoch
 * of the share's aggregate. The consensus layer group-commits concurrent callers.
 */
public final class RaftHandleStore implements HandleStore {
    private static final Logger log = LoggerFactory.getLogger(RaftHandleStore.class);
    private final String node;
    private final ClusterClient cluster;
    private final Function<String, String> aggregateOfShare;
    /**
     * The aggregate of each record this node committed and has not removed: its writes do not wait for the local
     * replica to apply them ({@link ClusterClient#commitQuorum}), so a CLOSE right after a CREATE finds the record here
     * rather than in a replica that may not have applied it yet. Records reloaded after a takeover or restart are in the
     * replica (the ownership commit waited for it).
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, String> written = new java.util.concurrent.ConcurrentHashMap<>();

    public RaftHandleStore(String node, ClusterClient cluster, Function<String, String> aggregateOfShare) {
        this.node = node;
        this.cluster = cluster;
        this.aggregateOfShare = aggregateOfShare;
    }

    private ClusterStateMachine.Aggregate owned(String share) throws IOException {
        String aggr = aggregateOfShare.apply(share);
        if (aggr == null) throw new IOException("share " + share + " is on no aggregate");
        ClusterStateMachine.Aggregate a = cluster.state().aggregates().get(aggr);
        if (a == null || !a.owner().equals(node)) throw new IOException("aggregate " + aggr + " is not owned by " + node);
        return a;
    }

    @Override
    public void put(HandleRecord r) throws IOException {
        ClusterStateMachine.Aggregate a = owned(r.share());
        cluster.commitQuorum(new ClusterCommand.PutHandle(a.name(), a.epoch(), r.withOwnershipEpoch(a.epoch()).encode()));
        written.put(r.persistentId(), a.name());
    }

    /**
     * Only the change is replicated (no whole-record rewrite per LOCK), once the record is in the replicated state; the
     * first write of a handle is its whole record.
     */
    @Override
    public void putLocks(HandleRecord current, List<HandleRecord.LockRange> added, List<HandleRecord.LockRange> removed)
        throws IOException {
        ClusterStateMachine.Aggregate a = owned(current.share());
        if (!a.name().equals(aggregateOf(current.persistentId()))) {
            put(current);
            return;
        }
        try {
            cluster.commitQuorum(new ClusterCommand.LockDelta(a.name(), a.epoch(), current.persistentId(), current.lockSequences(),
                added, removed));
        } catch (IOException refused) {
            // only a change the state machine refused; no quorum (a timeout) is the caller's error as it is
            if (!(refused.getCause() instanceof dev.casmb.ha.consensus.CommandRejectedException)) throw refused;
            // the replicated locks did not match this node's (they cannot, short of a bug): the whole record puts
            // them right, under the same epoch check
            log.warn("lock change of handle {} refused ({}); writing its whole record", current.persistentId(),
                refused.getMessage());
            put(current);
        }
    }

    @Override
    public void remove(long persistentId) throws IOException {
        // the aggregate holding it, from this node's writes or the local replica's index (CLOSE must not scan every handle)
        String aggr = aggregateOf(persistentId);
        if (aggr == null) return; // never replicated, or already removed
        ClusterStateMachine.Aggregate a = cluster.state().aggregates().get(aggr);
        // owned elsewhere now: the owner's record stays, and the caller must not act as if it had gone (an expiry
        // or a delete-on-close on a node that lost the aggregate)
        if (a == null || !a.owner().equals(node)) throw new IOException("aggregate " + aggr + " is not owned by " + node);
        cluster.commitQuorum(new ClusterCommand.RemoveHandle(a.name(), a.epoch(), persistentId));
        written.remove(persistentId);
    }

    /** The aggregate holding a record: one this node wrote, else the local replica's index (not a scan). */
    private String aggregateOf(long persistentId) {
        String mine = written.get(persistentId);
        return mine != null ? mine : cluster.state().aggregateOfHandle(persistentId);
    }

    /**
     * Handles of the aggregates this node owns now, decoded as they are iterated (a takeover reloads 100 000
     * records: none is kept alive longer than its restore needs). A corrupt record is logged and skipped.
     */
    @Override
    public Collection<HandleRecord> loadAll() {
        List<byte[]> raw = new ArrayList<>();
        for (Map.Entry<String, ClusterStateMachine.Aggregate> e : cluster.state().aggregates().entrySet()) {
            if (!e.getValue().owner().equals(node)) continue;
            raw.addAll(cluster.state().handlesOf(e.getKey()));
        }
        return new DecodingCollection(raw);
    }

    /** Records decoded from their replicated bytes on iteration; {@link #size} counts the bytes, corrupt ones too. */
    private static final class DecodingCollection extends java.util.AbstractCollection<HandleRecord> {
        private final List<byte[]> raw;

        DecodingCollection(List<byte[]> raw) {
            this.raw = raw;
        }

        @Override
        public int size() {
            return raw.size();
        }

        @Override
        public java.util.Iterator<HandleRecord> iterator() {
            return new java.util.Iterator<>() {
                private int i;
                private HandleRecord next = advance();

                private HandleRecord advance() {
                    while (i < raw.size()) {
                        byte[] b = raw.get(i++);
                        try {
                            return HandleRecord.decode(b);
                        } catch (CorruptRecordException ex) {
                            log.error("replicated handle record is corrupt: {}", ex.getMessage());
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public HandleRecord next() {
                    if (next == null) throw new java.util.NoSuchElementException();
                    HandleRecord r = next;
                    next = advance();
                    return r;
                }
            };
        }
    }

    public List<HandleRecord> recordsOf(String aggregate) {
        List<HandleRecord> out = new ArrayList<>();
        for (byte[] b : cluster.state().handlesOf(aggregate)) {
            try {
                out.add(HandleRecord.decode(b));
            } catch (CorruptRecordException ex) {
                log.error("replicated handle record of {} is corrupt: {}", aggregate, ex.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
