package dev.casmb.ha.cluster;

import dev.casmb.ha.consensus.CorruptDataException;
import dev.casmb.smb.durable.HandleRecord;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The binary form of a list of byte-range locks, shared by {@link ClusterCommand.LockDelta} and the snapshot. */
final class LockRanges {
    private LockRanges() {}

    static void write(DataOutputStream o, List<HandleRecord.LockRange> rs) throws IOException {
        o.writeInt(rs.size());
        for (HandleRecord.LockRange r : rs) {
            o.writeLong(r.offset());
            o.writeLong(r.length());
            o.writeBoolean(r.exclusive());
        }
    }

    /** A list of at most {@link HandleRecord#MAX_LOCKS} ranges; CorruptDataException otherwise. */
    static List<HandleRecord.LockRange> read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > HandleRecord.MAX_LOCKS) throw new CorruptDataException("bad lock count " + n);
        List<HandleRecord.LockRange> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new HandleRecord.LockRange(in.readLong(), in.readLong(), in.readBoolean()));
        return List.copyOf(out);
    }
}
