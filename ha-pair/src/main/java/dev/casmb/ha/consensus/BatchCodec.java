package dev.casmb.ha.consensus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Binary framing of what actually goes into the Raft log and back: a batch of commands per log entry (group commit:
 * keep the amount written per operation small, docs/DESIGN.md "Raft library findings", R-determinism), a batch of
 * results, and snapshots. Every frame has a magic, explicit lengths and a CRC32C, so a corrupt entry or snapshot is
 * reported as {@link CorruptDataException} instead of being half-applied.
 */
public final class BatchCodec {
    static final int BATCH_MAGIC = 0xCA5B0B01;
    static final int SNAPSHOT_MAGIC = 0xCA5B5501;
    /** Upper bound of commands per entry; also the width of the sub-index in {@link #commandIndex}. */
    public static final int MAX_BATCH = 1 << 12;

    private BatchCodec() {
    }

    /**
     * The index handed to {@link StateMachine#apply}: log index and position inside the batch, so it is
     * strictly increasing and identical on every replica.
     */
    public static long commandIndex(long logIndex, int position) {
        return (logIndex << 12) | position;
    }

    public static byte[] encodeBatch(List<byte[]> commands) {
        if (commands.isEmpty() || commands.size() > MAX_BATCH) {
            throw new IllegalArgumentException("batch size " + commands.size());
        }
        int size = 8;
        for (byte[] c : commands) {
            size += 4 + c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size + 4);
        b.putInt(BATCH_MAGIC).putInt(commands.size());
        for (byte[] c : commands) {
            b.putInt(c.length).put(c);
        }
        b.putInt(crc(b.array(), size));
        return b.array();
    }

    public static List<byte[]> decodeBatch(byte[] entry) {
        ByteBuffer b = checked(entry, BATCH_MAGIC, "log entry");
        int n = b.getInt();
        if (n <= 0 || n > MAX_BATCH) {
            throw new CorruptDataException("log entry: bad command count " + n);
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(bytes(b, "log entry command " + i));
        }
        return out;
    }

    /** Result of one command: ok + bytes, or the rejection message. */
    public record Result(boolean ok, byte[] value, String error) {
        public static Result ok(byte[] v) {
            return new Result(true, v == null ? new byte[0] : v, null);
        }

        public static Result rejected(String message) {
            return new Result(false, null, message == null ? "rejected" : message);
        }
    }

    public static byte[] encodeResults(List<Result> results) {
        List<byte[]> parts = new ArrayList<>(results.size());
        int size = 4;
        for (Result r : results) {
            byte[] p = r.ok() ? r.value() : r.error().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            parts.add(p);
            size += 1 + 4 + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(results.size());
        for (int i = 0; i < results.size(); i++) {
            b.put((byte) (results.get(i).ok() ? 0 : 1)).putInt(parts.get(i).length).put(parts.get(i));
        }
        return b.array();
    }

    public static List<Result> decodeResults(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            int n = b.getInt();
            if (n < 0 || n > MAX_BATCH) {
                throw new CorruptDataException("result batch: bad count " + n);
            }
            List<Result> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte status = b.get();
                byte[] v = bytes(b, "result " + i);
                out.add(status == 0 ? Result.ok(v)
                        : Result.rejected(new String(v, java.nio.charset.StandardCharsets.UTF_8)));
            }
            return out;
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptDataException("result batch truncated");
        }
    }

    /** Frames a state machine snapshot with the last applied log index and a checksum. */
    public static byte[] encodeSnapshot(long lastAppliedLogIndex, byte[] state) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + state.length + 4);
        b.putInt(SNAPSHOT_MAGIC).putLong(lastAppliedLogIndex).putInt(state.length).put(state);
        b.putInt(crc(b.array(), b.position()));
        return b.array();
    }

    public record Snapshot(long lastAppliedLogIndex, byte[] state) {
    }

    public static Snapshot decodeSnapshot(byte[] data) {
        ByteBuffer b = checked(data, SNAPSHOT_MAGIC, "snapshot");
        long idx = b.getLong();
        return new Snapshot(idx, bytes(b, "snapshot state"));
    }

    private static ByteBuffer checked(byte[] data, int magic, String what) {
        if (data == null || data.length < 12) {
            throw new CorruptDataException(what + ": too short (" + (data == null ? "null" : data.length) + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, data.length - 4);
        int m = b.getInt();
        if (m != magic) {
            throw new CorruptDataException(what + ": bad magic " + Integer.toHexString(m));
        }
        int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        if (stored != crc(data, data.length - 4)) {
            throw new CorruptDataException(what + ": checksum mismatch");
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b, String what) {
        if (b.remaining() < 4) {
            throw new CorruptDataException(what + ": truncated length");
        }
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new CorruptDataException(what + ": bad length " + len);
        }
        byte[] v = new byte[len];
        b.get(v);
        return v;
    }

    private static int crc(byte[] data, int len) {
        CRC32C c = new CRC32C();
        c.update(data, 0, len);
        return (int) c.getValue();
    }
}
