package dev.casmb.smb.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node durable {@link HandleStore}: an append-only log with a CRC per entry, fsync'd before any
 * caller returns, with group commit (one fsync for every change queued meanwhile) and compaction.
 * A torn tail after a crash is detected by its CRC and cut off on open.
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
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private FileChannel channel;
    private volatile boolean closed;
    private long liveBytes;
    /** Where the next entry goes (the logical end of the log). */
    private long writePos;
    /** The file's physical size: zeros from writePos up to here. */
    private long allocated;
    private final long compactMinBytes;
    private int compactions;

    private record Pending(byte[] entry, CompletableFuture<Void> done) {}

    public LocalHandleStore(Path file) throws IOException {
        this(file, DEFAULT_COMPACT_MIN_BYTES);
    }

    /** {@code compactMinBytes}: the log is never compacted below this size. */
    public LocalHandleStore(Path file, long compactMinBytes) throws IOException {
        this.file = file;
        this.compactMinBytes = compactMinBytes;
        Files.createDirectories(file.toAbsolutePath().getParent());
        recover();
        writer = new Thread(this::writeLoop, "handle-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void recover() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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

    private void submit(byte[] entry) throws IOException {
        if (closed) throw new IOException("handle store closed");
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Pending(entry, f));
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the handle store");
        } catch (ExecutionException e) {
            throw new IOException("handle store write failed", e.getCause());
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 4096);
                int total = 0;
                for (Pending p : batch) total += p.entry.length;
                ByteBuffer buf = ByteBuffer.allocate(total);
                for (Pending p : batch) buf.put(p.entry);
                buf.flip();
                ensureAllocated(total);
                while (buf.hasRemaining()) writePos += channel.write(buf, writePos);
                channel.force(false); // fdatasync: the size did not change, only the blocks
                for (Pending p : batch) p.done.complete(null);
                maybeCompact();
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                log.error("handle store {}: write failed", file, e);
                for (Pending p : batch) p.done.completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
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
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(MAGIC));
            for (byte[] e : entries) out.write(ByteBuffer.wrap(e));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory
        }
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        writePos = channel.size();
        allocated = writePos;
        compactions++;
        log.info("handle store {} compacted: {} -> {} bytes ({} handles)", file, size, writePos, entries.size());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
