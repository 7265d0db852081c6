package dev.casmb.smb.durable;

import dev.casmb.smb.config.ServerFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node durable {@link HandleStore}: an append-only log with a CRC per entry, fsync'd before any
 * caller returns, with group commit (one fsync for every change queued meanwhile) and compaction.
 * A torn tail after a crash is detected by its CRC and cut off on open.
 *
 * <p>Group commit without a writer thread (leader/follower): a caller that finds no commit in progress
 * becomes the leader, writes every queued entry (its own included) with one positional write, fdatasyncs
 * and returns; callers arriving meanwhile queue and park. When the leader is done it wakes the callers of
 * its batch and hands leadership to the oldest queued caller, which commits everything queued by then in
 * the next batch. So an uncontended change costs one write and one fdatasync on the caller's own thread
 * (no hop to a writer thread and back), and concurrent callers (connections) share fdatasyncs.
 *
 * <p>The file is preallocated with zeros in {@link #PREALLOCATE} steps (fsync'd with its new size), so
 * that a commit overwrites already-allocated blocks and its fdatasync has no metadata (file size) to
 * write: on ext4 here that is 0.9 ms instead of 2.4 ms per commit. A zero length field marks the end.
 */
public final class LocalHandleStore implements HandleStore {
    private static final Logger log = LoggerFactory.getLogger(LocalHandleStore.class);
    private static final byte[] MAGIC = {'C', 'A', 'S', 'M', 'B', 'H', 'S', '1'};
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    private static final int MAX_ENTRY = 1 << 20;
    private static final long DEFAULT_COMPACT_MIN_BYTES = 4L << 20;
    static final int PREALLOCATE = 1 << 20;

    private final Path file;
    private final Map<Long, HandleRecord> live = new ConcurrentHashMap<>();
    /** Guards queue, leader and closed; never held during I/O. */
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** A caller is committing a batch (only it touches the channel and the positions below). */
    private boolean leader;
    private final Condition closedCond = lock.newCondition();
    private FileChannel channel;
    private boolean closed;
    private long liveBytes;
    /** Where the next entry goes (the logical end of the log). */
    private long writePos;
    /** The file's physical size: zeros from writePos up to here. */
    private long allocated;
    private final long compactMinBytes;
    private int compactions;

    /** A queued change; state and error are written under {@link #lock}, read by its parked caller. */
    private static final class Pending {
        static final int QUEUED = 0;
        static final int LEAD = 1;
        static final int DONE = 2;
        final byte[] entry;
        final Thread caller = Thread.currentThread();
        volatile int state;
        IOException error;

        Pending(byte[] entry) { this.entry = entry; }
    }

    public LocalHandleStore(Path file) throws IOException {
        this(file, DEFAULT_COMPACT_MIN_BYTES);
    }

    /** {@code compactMinBytes}: the log is never compacted below this size. */
    public LocalHandleStore(Path file, long compactMinBytes) throws IOException {
        this.file = file;
        this.compactMinBytes = compactMinBytes;
        ServerFiles.createDirectories(file.toAbsolutePath().getParent());
        recover();
    }

    private void recover() throws IOException {
        channel = ServerFiles.channel(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        if (size == 0) {
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.force(true);
            writePos = MAGIC.length;
            allocated = MAGIC.length;
            return;
        }
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        channel.read(magic, 0);
        if (!java.util.Arrays.equals(magic.array(), MAGIC)) {
            throw new IOException(file + " is not a casmb handle store (bad magic)");
        }
        long pos = MAGIC.length;
        int entries = 0;
        boolean clean = false;
        ByteBuffer head = ByteBuffer.allocate(9);
        while (pos + 9 <= size) {
            head.clear();
            channel.read(head, pos);
            head.flip();
            int len = head.getInt();
            int crc = head.getInt();
            byte type = head.get();
            if (len == 0 && crc == 0 && type == 0 && zerosFrom(pos, size)) {
                clean = true; // the preallocated, never written part
                break;
            }
            if (len < 0 || len > MAX_ENTRY || pos + 9 + len > size) break;
            ByteBuffer body = ByteBuffer.allocate(len);
            channel.read(body, pos + 9);
            if (crc(type, body.array()) != crc) break;
            try {
                apply(type, body.array());
            } catch (CorruptRecordException e) {
                log.warn("{}: corrupt entry at offset {} ({}); ignoring it and everything after", file, pos, e.getMessage());
                break;
            }
            pos += 9 + len;
            entries++;
        }
        if (pos < size && !clean && !zerosFrom(pos, size)) {
            log.warn("{}: cutting a torn or corrupt tail at offset {} (file size {})", file, pos, size);
            channel.truncate(pos);
            channel.force(true);
            size = pos;
        }
        writePos = pos;
        allocated = size;
        log.info("handle store {}: {} entries replayed, {} persistent handle(s)", file, entries, live.size());
    }

    /** True if the file holds only zero bytes from {@code pos} to {@code end}. */
    private boolean zerosFrom(long pos, long end) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        while (pos < end) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), end - pos));
            int n = channel.read(b, pos);
            if (n <= 0) return true;
            for (int i = 0; i < n; i++) if (b.get(i) != 0) return false;
            pos += n;
        }
        return true;
    }

    /** Makes room for {@code need} more bytes at writePos: zeros, then an fsync that records the new size. */
    private void ensureAllocated(int need) throws IOException {
        if (writePos + need <= allocated) return;
        long target = Math.max(writePos + need, allocated + PREALLOCATE);
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        long p = allocated;
        while (p < target) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), target - p));
            p += channel.write(zeros, p);
        }
        channel.force(true);
        allocated = target;
    }

    /** The logical end of the log (tests). */
    long endOffset() { return writePos; }

    private void apply(byte type, byte[] body) throws CorruptRecordException {
        if (type == PUT) {
            HandleRecord r = HandleRecord.decode(body);
            live.put(r.persistentId(), r);
        } else if (type == REMOVE) {
            if (body.length != 8) throw new CorruptRecordException("bad remove entry");
            live.remove(ByteBuffer.wrap(body).getLong());
        } else {
            throw new CorruptRecordException("unknown entry type " + type);
        }
    }

    private static int crc(byte type, byte[] body) {
        CRC32C c = new CRC32C();
        c.update(type);
        c.update(body);
        return (int) c.getValue();
    }

    private static byte[] entry(byte type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(9 + body.length);
        b.putInt(body.length).putInt(crc(type, body)).put(type).put(body);
        return b.array();
    }

    @Override
    public void put(HandleRecord record) throws IOException {
        byte[] body = record.encode();
        live.put(record.persistentId(), record);
        submit(entry(PUT, body));
    }

    @Override
    public void remove(long persistentId) throws IOException {
        if (live.remove(persistentId) == null) return;
        submit(entry(REMOVE, ByteBuffer.allocate(8).putLong(persistentId).array()));
    }

    @Override
    public Collection<HandleRecord> loadAll() {
        return List.copyOf(live.values());
    }

    public int size() { return live.size(); }

    /** How many times the log was rewritten (for tests and metrics). */
    public int compactions() { return compactions; }

    /** Returns once {@code entry} is in the log and fdatasync'd (by this caller or by a leader's batch). */
    private void submit(byte[] entry) throws IOException {
        Pending me = new Pending(entry);
        lock.lock();
        try {
            if (closed) throw new IOException("handle store closed");
            queue.add(me);
            if (!leader) {
                leader = true;
                me.state = Pending.LEAD;
            }
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (me.state == Pending.QUEUED) {
            LockSupport.park(this);
            if (Thread.interrupted()) interrupted = true; // not abandoned: the entry may be committed anyway
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (me.state == Pending.LEAD) lead();
        if (me.error != null) throw new IOException("handle store write failed", me.error);
    }

    /**
     * Commits everything queued (the leader's own entry first), wakes the batch's callers, compacts if
     * due (still the leader: no commit can run meanwhile) and hands leadership on to the oldest caller
     * queued meanwhile, or gives it up.
     */
    private void lead() {
        List<Pending> batch;
        lock.lock();
        try {
            batch = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        IOException error = null;
        // The leader is a caller's thread, and FileChannel is interruptible: an interrupt would close the
        // channel under everyone. The leader's own interrupt waits until its I/O is done.
        boolean interrupted = Thread.interrupted();
        try {
            interrupted |= commitRetrying(batch);
        } catch (IOException | RuntimeException e) {
            log.error("handle store {}: write failed", file, e);
            error = e instanceof IOException io ? io : new IOException(e);
        }
        lock.lock();
        try {
            for (Pending p : batch) {
                p.error = error;
                p.state = Pending.DONE;
            }
        } finally {
            lock.unlock();
        }
        Thread me = Thread.currentThread();
        for (Pending p : batch) if (p.caller != me) LockSupport.unpark(p.caller);
        if (error == null) {
            try {
                maybeCompact();
            } catch (IOException | RuntimeException e) {
                log.error("handle store {}: compaction failed", file, e);
            }
        }
        Pending next;
        lock.lock();
        try {
            next = queue.peek();
            if (next != null) {
                next.state = Pending.LEAD;
            } else {
                leader = false;
                if (closed) closedCond.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) LockSupport.unpark(next.caller);
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * {@link #commit}, again on a reopened channel if an interrupt of this thread arriving meanwhile closed
     * it (the batch is rewritten at the same position: the log's end only moves after its fdatasync).
     * Returns true if this thread was interrupted meanwhile.
     */
    private boolean commitRetrying(List<Pending> batch) throws IOException {
        boolean interrupted = false;
        for (int attempt = 0; ; attempt++) {
            try {
                commit(batch);
                return interrupted;
            } catch (ClosedByInterruptException e) {
                interrupted = true;
                Thread.interrupted();
                if (attempt >= 2) throw e;
                log.warn("handle store {}: interrupted during a commit; reopening and writing the batch again", file);
                channel = ServerFiles.channel(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
        }
    }

    /** One positional write of the whole batch, then one fdatasync. Only the leader calls this. */
    private void commit(List<Pending> batch) throws IOException {
        int total = 0;
        for (Pending p : batch) total += p.entry.length;
        ByteBuffer buf;
        if (batch.size() == 1) {
            buf = ByteBuffer.wrap(batch.get(0).entry);
        } else {
            buf = ByteBuffer.allocate(total);
            for (Pending p : batch) buf.put(p.entry);
            buf.flip();
        }
        ensureAllocated(total);
        long pos = writePos;
        while (buf.hasRemaining()) pos += channel.write(buf, pos);
        channel.force(false); // fdatasync: the size did not change, only the blocks
        writePos = pos;
    }

    /** Rewrites the log with only live records when it has grown well past them. */
    private void maybeCompact() throws IOException {
        long size = writePos;
        if (size < compactMinBytes) return;
        liveBytes = 0;
        List<byte[]> entries = new ArrayList<>();
        for (HandleRecord r : live.values()) {
            byte[] e = entry(PUT, r.encode());
            entries.add(e);
            liveBytes += e.length;
        }
        if (size < 4 * (liveBytes + MAGIC.length)) return;
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = ServerFiles.channel(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(MAGIC));
            for (byte[] e : entries) out.write(ByteBuffer.wrap(e));
            out.force(true);
        }
        ServerFiles.replaceAtomically(tmp, file);
        try (FileChannel dir = ServerFiles.channel(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory
        }
        channel.close();
        channel = ServerFiles.channel(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        writePos = channel.size();
        allocated = writePos;
        compactions++;
        log.info("handle store {} compacted: {} -> {} bytes ({} handles)", file, size, writePos, entries.size());
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (leader) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                closedCond.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        channel.close();
    }
}
