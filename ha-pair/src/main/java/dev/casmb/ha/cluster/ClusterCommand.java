package dev.casmb.ha.cluster;

import dev.casmb.ha.consensus.CorruptDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Commands of the replicated cluster state, with their binary codec. Every handle write carries the
 * writer's ownership epoch of the aggregate, so a fenced-off former owner cannot write after a takeover.
 */
public sealed interface ClusterCommand {
    int MAX_BYTES = 1 << 20;

    /** Idempotent: declares an aggregate and its home node; the first declaration sets the owner to home. */
    record CreateAggregate(String aggregate, String homeNode) implements ClusterCommand {}

    /** Ownership change (takeover, giveback, ARL): succeeds only if {@code expectedEpoch} is current. */
    record SetOwner(String aggregate, String node, long expectedEpoch, String reason) implements ClusterCommand {}

    record PutHandle(String aggregate, long epoch, byte[] record) implements ClusterCommand {}

    record RemoveHandle(String aggregate, long epoch, long persistentId) implements ClusterCommand {}

    /**
     * A change of one persistent handle's byte-range locks (one LOCK: ranges granted and released) with its lock
     * sequence table as it is now: replicated instead of the whole record, so a LOCK costs the same whatever the handle
     * holds. Applies only to a record of {@code aggregate} that exists.
     */
    record LockDelta(String aggregate, long epoch, long persistentId, byte[] lockSequences,
                     java.util.List<dev.casmb.smb.durable.HandleRecord.LockRange> added,
                     java.util.List<dev.casmb.smb.durable.HandleRecord.LockRange> removed) implements ClusterCommand {}

    /** A LIF command (lif-manager's own codec inside). */
    record Lif(byte[] command) implements ClusterCommand {}

    /** What a {@link SetShare} does. */
    enum ShareOp { CREATE, MODIFY, DELETE }

    /**
     * An admin's share change ({@code vserver cifs share create|modify|delete}): {@code def} is the new
     * definition, null for a delete; it applies only if the share's replicated revision is still
     * {@code expectedRevision} (0: no replicated entry yet), see {@link ShareTable}.
     */
    record SetShare(ShareOp op, String name, long expectedRevision, ShareDef def) implements ClusterCommand {}

    static byte[] encode(ClusterCommand c) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(bos);
            if (c instanceof CreateAggregate a) {
                o.writeByte(1); o.writeUTF(a.aggregate()); o.writeUTF(a.homeNode());
            } else if (c instanceof SetOwner s) {
                o.writeByte(2); o.writeUTF(s.aggregate()); o.writeUTF(s.node()); o.writeLong(s.expectedEpoch());
                o.writeUTF(s.reason());
            } else if (c instanceof PutHandle p) {
                o.writeByte(3); o.writeUTF(p.aggregate()); o.writeLong(p.epoch()); o.writeInt(p.record().length);
                o.write(p.record());
            } else if (c instanceof RemoveHandle r) {
                o.writeByte(4); o.writeUTF(r.aggregate()); o.writeLong(r.epoch()); o.writeLong(r.persistentId());
            } else if (c instanceof Lif l) {
                o.writeByte(5); o.writeInt(l.command().length); o.write(l.command());
            } else if (c instanceof LockDelta d) {
                o.writeByte(7); o.writeUTF(d.aggregate()); o.writeLong(d.epoch()); o.writeLong(d.persistentId());
                o.write(d.lockSequences());
                LockRanges.write(o, d.added());
                LockRanges.write(o, d.removed());
            } else if (c instanceof SetShare s) {
                o.writeByte(6); o.writeByte(s.op().ordinal()); o.writeUTF(s.name()); o.writeLong(s.expectedRevision());
                o.writeBoolean(s.def() != null);
                if (s.def() != null) s.def().write(o);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClusterCommand decode(byte[] b) {
        if (b.length > MAX_BYTES) throw new CorruptDataException("cluster command of " + b.length + " bytes");
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int type = in.readUnsignedByte();
            ClusterCommand c = switch (type) {
                case 1 -> new CreateAggregate(in.readUTF(), in.readUTF());
                case 2 -> new SetOwner(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF());
                case 3 -> new PutHandle(in.readUTF(), in.readLong(), bytes(in));
                case 4 -> new RemoveHandle(in.readUTF(), in.readLong(), in.readLong());
                case 5 -> new Lif(bytes(in));
                case 6 -> setShare(in);
                case 7 -> lockDelta(in);
                default -> throw new CorruptDataException("unknown cluster command type " + type);
            };
            if (in.available() != 0) throw new CorruptDataException("trailing bytes in cluster command");
            return c;
        } catch (IOException e) {
            throw new CorruptDataException("truncated cluster command: " + e);
        }
    }

    private static LockDelta lockDelta(DataInputStream in) throws IOException {
        String aggr = in.readUTF();
        long epoch = in.readLong();
        long pid = in.readLong();
        byte[] seq = new byte[64];
        in.readFully(seq);
        return new LockDelta(aggr, epoch, pid, seq, LockRanges.read(in), LockRanges.read(in));
    }

    private static SetShare setShare(DataInputStream in) throws IOException {
        int op = in.readUnsignedByte();
        if (op >= ShareOp.values().length) throw new CorruptDataException("unknown share operation " + op);
        String name = in.readUTF();
        long rev = in.readLong();
        ShareDef def = in.readBoolean() ? ShareDef.read(in) : null;
        return new SetShare(ShareOp.values()[op], name, rev, def);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_BYTES) throw new CorruptDataException("bad length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
