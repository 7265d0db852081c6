package dev.casmb.ha.cluster;

import dev.casmb.ha.consensus.CorruptDataException;
import dev.casmb.ha.consensus.StateMachine;
import dev.casmb.lif.command.LifCodec;
import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.command.LifStateMachine;
import dev.casmb.lif.model.ClusterLifState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The pair's replicated state: aggregate ownership with a monotonically increasing epoch, the
 * persistent-handle records of each aggregate, the LIF/SVM state, and the shares changed from the admin
 * shell ({@link ShareTable}). Pure and deterministic.
 *
 * <p>Snapshot format: version 3 appends the share table to version 2 (aggregates, handles, LIF state);
 * version 4 appends the lock overlays; version-2 and 3 snapshots still restore.
 *
 * <p>Byte-range locks of a persistent handle change by {@link ClusterCommand.LockDelta}: the handle's record keeps the
 * locks it was written with, and an overlay (the current locks and lock sequence table) replaces them from the first
 * delta after it until the record is written again. Readers get whole records ({@link #handlesOf}).
 */
public final class ClusterStateMachine implements StateMachine {
    /** Ownership of one aggregate. */
    public record Aggregate(String name, String home, String owner, long epoch) {}

    private final TreeMap<String, Aggregate> aggregates = new TreeMap<>();
    private final TreeMap<Long, String> handleAggregate = new TreeMap<>();
    private final TreeMap<Long, byte[]> handles = new TreeMap<>();
    /** The current locks of handles changed by LockDelta since their record was last written. */
    private final TreeMap<Long, LockOverlay> lockOverlays = new TreeMap<>();

    /** A handle's byte-range locks and lock sequence table after lock deltas. */
    private record LockOverlay(List<dev.casmb.smb.durable.HandleRecord.LockRange> locks, byte[] lockSequences) {}
    private ClusterLifState lif = ClusterLifState.EMPTY;
    private final ShareTable shares = new ShareTable();
    private long applied;
    private volatile BiConsumer<Long, ClusterCommand> listener = (i, c) -> { };
    private volatile dev.casmb.lif.store.LifStateObserver lifObserver = (c, b, a) -> { };

    /** Told of each LIF command applied, with the states before and after (apply thread: hand off). */
    public void setLifObserver(dev.casmb.lif.store.LifStateObserver o) {
        this.lifObserver = o == null ? (c, b, a) -> { } : o;
    }

    /** Called after each applied command, on the consensus apply thread: hand off, never block. */
    public void setListener(BiConsumer<Long, ClusterCommand> l) {
        this.listener = l == null ? (i, c) -> { } : l;
    }

    @Override
    public synchronized byte[] apply(long index, byte[] bytes) {
        ClusterCommand cmd = ClusterCommand.decode(bytes);
        byte[] result = new byte[0];
        if (cmd instanceof ClusterCommand.CreateAggregate a) {
            aggregates.putIfAbsent(a.aggregate(), new Aggregate(a.aggregate(), a.homeNode(), a.homeNode(), 1));
        } else if (cmd instanceof ClusterCommand.SetOwner s) {
                Aggregate a = aggregates.get(s.aggregate());
                if (a == null) throw new IllegalStateException("no aggregate " + s.aggregate());
                if (a.epoch() != s.expectedEpoch()) {
                    throw new IllegalStateException("stale epoch " + s.expectedEpoch() + " for " + s.aggregate() + " (now " + a.epoch() + ")");
                }
                Aggregate n = new Aggregate(a.name(), a.home(), s.node(), a.epoch() + 1);
                aggregates.put(a.name(), n);
                result = longBytes(n.epoch());
        } else if (cmd instanceof ClusterCommand.PutHandle p) {
                checkEpoch(p.aggregate(), p.epoch());
                long pid = java.nio.ByteBuffer.wrap(p.record(), 1, 8).getLong();
                String holder = handleAggregate.get(pid);
                if (holder != null && !holder.equals(p.aggregate())) {
                    // persistent ids are unique in the pair (each node tags its own); never let one aggregate's
                    // record replace another's
                    throw new IllegalStateException("persistent id " + Long.toHexString(pid) + " belongs to " + holder);
                }
                handles.put(pid, p.record());
                handleAggregate.put(pid, p.aggregate());
                lockOverlays.remove(pid); // the record carries the current locks
        } else if (cmd instanceof ClusterCommand.LockDelta d) {
                checkEpoch(d.aggregate(), d.epoch());
                applyLockDelta(d);
        } else if (cmd instanceof ClusterCommand.RemoveHandle r) {
                checkEpoch(r.aggregate(), r.epoch());
                handles.remove(r.persistentId());
                handleAggregate.remove(r.persistentId());
                lockOverlays.remove(r.persistentId());
        } else if (cmd instanceof ClusterCommand.Lif l) {
                LifCommand lc;
                try {
                    lc = LifCodec.decodeCommand(l.command());
                } catch (IllegalArgumentException e) { // a corrupt entry is a clear error (fuzzing finding)
                    throw new CorruptDataException("corrupt LIF command: " + e.getMessage());
                }
                ClusterLifState before = lif;
                lif = LifStateMachine.apply(lif, lc);
                lifObserver.stateChanged(lc, before, lif);
        } else if (cmd instanceof ClusterCommand.SetShare s) {
                ShareTable.Entry prev = shares.get(s.name());
                shares.apply(s, aggregates.keySet());
                if (s.op() == ClusterCommand.ShareOp.DELETE) {
                    // a created share's handles are on its aggregate; a configured share's aggregate is not known here
                    boolean created = prev != null && prev.def() != null && !prev.def().overlay();
                    dropHandlesOf(s.name(), created ? prev.def().aggregate() : null);
                }
        }
        applied++;
        wakeAppliedWaiters();
        listener.accept(index, cmd);
        // Every result starts with this replica's applied-command count, so that the submitter can wait
        // until its own replica has applied the command (read-your-writes on followers).
        return java.nio.ByteBuffer.allocate(8 + result.length).putLong(applied).put(result).array();
    }

    /** Commands applied so far (the same number on every replica after the same log prefix). */
    public synchronized long appliedCount() {
        return applied;
    }

    /** A wait for this replica to have applied {@code count} commands. */
    private record AppliedWaiter(long count, java.util.concurrent.CompletableFuture<Void> done) {}

    /** Pending {@link #whenApplied} waits, lowest count first; guarded by this. */
    private final java.util.PriorityQueue<AppliedWaiter> appliedWaiters =
        new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(AppliedWaiter::count));

    /**
     * Completes once this replica has applied {@code count} commands (at once if it has), from
     * {@link #apply} or a snapshot {@link #restore}. Never completes otherwise: the caller bounds the wait
     * ({@code get} with a timeout). Completed under this state machine's lock: attach no dependent actions.
     */
    public synchronized java.util.concurrent.CompletableFuture<Void> whenApplied(long count) {
        if (applied >= count) return java.util.concurrent.CompletableFuture.completedFuture(null);
        AppliedWaiter w = new AppliedWaiter(count, new java.util.concurrent.CompletableFuture<>());
        appliedWaiters.add(w);
        return w.done();
    }

    private void wakeAppliedWaiters() {
        while (!appliedWaiters.isEmpty() && appliedWaiters.peek().count() <= applied) {
            appliedWaiters.poll().done().complete(null);
        }
    }

    /**
     * A deleted share's persistent handles go with it (their files stay): no node reloads them after a
     * takeover. Only {@code aggregate}'s handles are decoded when it is known (null: all). A record that does
     * not decode is left alone (it is dropped when a node fails to restore it).
     */
    private void dropHandlesOf(String share, String aggregate) {
        List<Long> gone = new ArrayList<>();
        for (var e : handles.entrySet()) {
            if (aggregate != null && !aggregate.equals(handleAggregate.get(e.getKey()))) continue;
            try {
                if (dev.casmb.smb.durable.HandleRecord.decode(e.getValue()).share().equalsIgnoreCase(share)) gone.add(e.getKey());
            } catch (dev.casmb.smb.durable.CorruptRecordException | RuntimeException ex) {
                // not ours to judge here
            }
        }
        for (Long pid : gone) {
            handles.remove(pid);
            handleAggregate.remove(pid);
            lockOverlays.remove(pid);
        }
    }

    /** Replays one LOCK onto the handle's current locks; refused (nothing changes) if it cannot apply. */
    private void applyLockDelta(ClusterCommand.LockDelta d) {
        long pid = d.persistentId();
        byte[] base = handles.get(pid);
        if (base == null || !d.aggregate().equals(handleAggregate.get(pid))) {
            throw new IllegalStateException("no persistent handle " + Long.toHexString(pid) + " on " + d.aggregate());
        }
        LockOverlay cur = lockOverlays.get(pid);
        List<dev.casmb.smb.durable.HandleRecord.LockRange> locks;
        if (cur != null) {
            locks = new ArrayList<>(cur.locks());
        } else {
            try {
                locks = new ArrayList<>(dev.casmb.smb.durable.HandleRecord.decode(base).locks());
            } catch (dev.casmb.smb.durable.CorruptRecordException e) {
                throw new IllegalStateException("handle record " + Long.toHexString(pid) + " is corrupt: " + e.getMessage());
            }
        }
        for (var r : d.removed()) {
            if (!locks.remove(r)) throw new IllegalStateException("lock " + r + " not held by " + Long.toHexString(pid));
        }
        locks.addAll(d.added());
        if (locks.size() > dev.casmb.smb.durable.HandleRecord.MAX_LOCKS) {
            throw new IllegalStateException("more than " + dev.casmb.smb.durable.HandleRecord.MAX_LOCKS + " locks on one handle");
        }
        lockOverlays.put(pid, new LockOverlay(List.copyOf(locks), d.lockSequences().clone()));
    }

    /** A handle's record with its current locks (the overlay, if lock deltas came after the record). */
    private byte[] current(long pid, byte[] base) {
        LockOverlay o = lockOverlays.get(pid);
        if (o == null) return base;
        try {
            return dev.casmb.smb.durable.HandleRecord.decode(base).withLocks(o.locks(), o.lockSequences()).encode();
        } catch (dev.casmb.smb.durable.CorruptRecordException e) {
            return base; // cannot happen: the delta decoded it; the reader reports a corrupt record
        }
    }

    private void checkEpoch(String aggregate, long epoch) {
        Aggregate a = aggregates.get(aggregate);
        if (a == null) throw new IllegalStateException("no aggregate " + aggregate);
        if (a.epoch() != epoch) {
            // A write from a former owner after a takeover: refused, so it can never be acknowledged.
            throw new IllegalStateException("stale ownership epoch " + epoch + " for " + aggregate + " (now " + a.epoch() + ")");
        }
    }

    /**
     * Queries: an empty query is a liveness ping (used for the quorum lease); it answers with the replica's
     * applied-command count, so that a member can wait until it has caught up with the leader.
     */
    @Override
    public byte[] query(byte[] q) {
        return longBytes(appliedCount());
    }

    // ---- local reads (the caller holds the consensus layer's serialisation) ----

    public synchronized Map<String, Aggregate> aggregates() {
        return Map.copyOf(aggregates);
    }

    public synchronized List<byte[]> handlesOf(String aggregate) {
        List<byte[]> out = new ArrayList<>();
        for (var e : handleAggregate.entrySet()) {
            if (e.getValue().equals(aggregate)) out.add(current(e.getKey(), handles.get(e.getKey())));
        }
        return out;
    }

    /** The aggregate holding persistent handle {@code persistentId}, or null (an index lookup, not a scan). */
    public synchronized String aggregateOfHandle(long persistentId) {
        return handleAggregate.get(persistentId);
    }

    public synchronized int handleCount() {
        return handles.size();
    }

    public synchronized ClusterLifState lifState() {
        return lif;
    }

    /** The admin shell's share changes, by lower-cased name (tombstones included). */
    public synchronized Map<String, ShareTable.Entry> shares() {
        return shares.copy();
    }

    @Override
    public synchronized byte[] snapshot() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(bos);
            o.writeByte(4);
            o.writeLong(applied);
            o.writeInt(aggregates.size());
            for (Aggregate a : aggregates.values()) {
                o.writeUTF(a.name()); o.writeUTF(a.home()); o.writeUTF(a.owner()); o.writeLong(a.epoch());
            }
            o.writeInt(handles.size());
            for (var e : handles.entrySet()) {
                o.writeUTF(handleAggregate.get(e.getKey()));
                o.writeInt(e.getValue().length);
                o.write(e.getValue());
            }
            byte[] l = LifCodec.encode(lif);
            o.writeInt(l.length);
            o.write(l);
            shares.write(o);
            o.writeInt(lockOverlays.size());
            for (var e : lockOverlays.entrySet()) {
                o.writeLong(e.getKey());
                o.write(e.getValue().lockSequences());
                LockRanges.write(o, e.getValue().locks());
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void restore(byte[] snapshot) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
            int version = in.readUnsignedByte();
            if (version < 2 || version > 4) throw new CorruptDataException("unknown cluster snapshot version " + version);
            long appliedCount = in.readLong();
            TreeMap<String, Aggregate> ag = new TreeMap<>();
            int n = in.readInt();
            if (n < 0 || n > 100_000) throw new CorruptDataException("bad aggregate count");
            for (int i = 0; i < n; i++) {
                Aggregate a = new Aggregate(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
                ag.put(a.name(), a);
            }
            TreeMap<Long, byte[]> hs = new TreeMap<>();
            TreeMap<Long, String> ha = new TreeMap<>();
            int h = in.readInt();
            if (h < 0 || h > 10_000_000) throw new CorruptDataException("bad handle count");
            for (int i = 0; i < h; i++) {
                String aggr = in.readUTF();
                int len = in.readInt();
                if (len < 9 || len > ClusterCommand.MAX_BYTES) throw new CorruptDataException("bad handle length");
                byte[] r = new byte[len];
                in.readFully(r);
                long pid = java.nio.ByteBuffer.wrap(r, 1, 8).getLong();
                hs.put(pid, r);
                ha.put(pid, aggr);
            }
            int ll = in.readInt();
            if (ll < 0 || ll > ClusterCommand.MAX_BYTES * 16) throw new CorruptDataException("bad LIF state length");
            byte[] lb = new byte[ll];
            in.readFully(lb);
            ClusterLifState ls;
            try {
                ls = LifCodec.decodeState(lb);
            } catch (IllegalArgumentException e) { // fuzzing finding: was an IllegalArgumentException
                throw new CorruptDataException("corrupt LIF state in snapshot: " + e.getMessage());
            }
            TreeMap<String, ShareTable.Entry> sh = version >= 3 ? ShareTable.read(in) : new TreeMap<>();
            TreeMap<Long, LockOverlay> lo = new TreeMap<>();
            if (version >= 4) {
                int no = in.readInt();
                if (no < 0 || no > hs.size()) throw new CorruptDataException("bad lock overlay count");
                for (int i = 0; i < no; i++) {
                    long pid = in.readLong();
                    if (!hs.containsKey(pid)) throw new CorruptDataException("lock overlay of an unknown handle");
                    byte[] seq = new byte[64];
                    in.readFully(seq);
                    lo.put(pid, new LockOverlay(LockRanges.read(in), seq));
                }
            }
            if (in.available() != 0) throw new CorruptDataException("trailing bytes in cluster snapshot");
            aggregates.clear();
            aggregates.putAll(ag);
            handles.clear();
            handles.putAll(hs);
            handleAggregate.clear();
            handleAggregate.putAll(ha);
            lockOverlays.clear();
            lockOverlays.putAll(lo);
            lif = ls;
            shares.replace(sh);
            applied = appliedCount;
            wakeAppliedWaiters();
        } catch (IOException e) {
            throw new CorruptDataException("truncated cluster snapshot: " + e);
        }
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
