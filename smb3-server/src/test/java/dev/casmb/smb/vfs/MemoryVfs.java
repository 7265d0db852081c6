package dev.casmb.smb.vfs;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An in-memory {@link Vfs} for tests: files and directories in a map keyed by Paths under a virtual root that names
 * nothing on disk, with FileChannels over byte arrays. It follows the interface's contract (case-insensitive lookup,
 * java.nio exception kinds, DOS attributes, read-only, sparse ranges), so that the protocol code can be run with no
 * file system underneath: anything that still went to java.nio.file would fail on these Paths.
 */
public final class MemoryVfs implements Vfs {
    private static final AtomicLong IDS = new AtomicLong(100);

    /** One file or directory. */
    static final class Node {
        final boolean dir;
        final long id = IDS.incrementAndGet();
        byte[] data = new byte[0];
        long size;
        long created = now(), written = created, accessed = created, changed = created;
        Integer dos;
        boolean readOnly;

        Node(boolean dir) { this.dir = dir; }
    }

    private final Path root;
    private final TreeMap<Path, Node> nodes = new TreeMap<>();
    private long freeBytes = 1L << 40;

    public MemoryVfs(String name) {
        this.root = Path.of("/casmb-memory-vfs-" + name + "-" + IDS.incrementAndGet());
        nodes.put(root, new Node(true));
    }

    static long now() {
        return System.currentTimeMillis() * 10_000L + 116444736000000000L;
    }

    /** The number of files and directories (root included). */
    public synchronized int count() { return nodes.size(); }

    @Override public Path root() { return root; }

    @Override public synchronized Path resolve(List<String> comps) throws SmbException {
        Path cur = root;
        for (int i = 0; i < comps.size(); i++) {
            Path next = lookup(cur, comps.get(i));
            if (i < comps.size() - 1) {
                Node n = nodes.get(next);
                if (n == null || !n.dir) throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
            }
            cur = next;
        }
        return cur;
    }

    @Override public synchronized Path resolve(String smbPath, Map<List<String>, Path> parents) throws SmbException {
        return resolve(PathResolver.components(smbPath));
    }

    @Override public synchronized Path resolveDirectory(List<String> comps) throws SmbException {
        Path p = resolve(comps);
        Node n = nodes.get(p);
        if (n == null || !n.dir) throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
        return p;
    }

    @Override public synchronized Path resolveChild(Path parent, String name) { return lookup(parent, name); }

    /** Exact name first, else a case-insensitive match, else the exact name (not there). */
    private Path lookup(Path dir, String name) {
        Path exact = dir.resolve(name);
        if (nodes.containsKey(exact)) return exact;
        for (Path p : children(dir)) if (p.getFileName().toString().equalsIgnoreCase(name)) return p;
        return exact;
    }

    private List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path p : nodes.tailMap(dir, false).keySet()) {
            if (!p.startsWith(dir)) break;
            if (dir.equals(p.getParent())) out.add(p);
        }
        return out;
    }

    @Override public void checkConfined(Path p) { /* no links here */ }

    @Override public String relative(Path p) { return root.relativize(p).toString().replace('/', '\\'); }

    @Override public synchronized boolean exists(Path p, boolean follow) { return nodes.containsKey(p); }

    @Override public synchronized boolean isDirectory(Path p, boolean follow) {
        Node n = nodes.get(p);
        return n != null && n.dir;
    }

    @Override public synchronized boolean isWritable(Path p) {
        Node n = nodes.get(p);
        return n != null && !n.readOnly;
    }

    @Override public synchronized FileMeta stat(Path p) throws IOException {
        return meta(p, node(p));
    }

    private FileMeta meta(Path p, Node n) {
        int attrs = n.dir ? FileMeta.ATTR_DIRECTORY : FileMeta.ATTR_ARCHIVE;
        if (n.readOnly) attrs |= FileMeta.ATTR_READONLY;
        String name = p.equals(root) ? "" : p.getFileName().toString();
        if (name.startsWith(".") && name.length() > 1) attrs |= FileMeta.ATTR_HIDDEN;
        if (n.dos != null) {
            attrs = (n.dos & ~FileMeta.ATTR_DIRECTORY & ~FileMeta.ATTR_READONLY) | (attrs & (FileMeta.ATTR_DIRECTORY | FileMeta.ATTR_READONLY));
            if (!n.dir && attrs == 0) attrs = FileMeta.ATTR_NORMAL;
        }
        long size = n.dir ? 0 : n.size;
        long alloc = n.dir ? 0 : (size + 4095) / 4096 * 4096;
        return new FileMeta(n.created, n.accessed, n.written, n.changed, size, alloc, attrs, n.id, 1, n.dir);
    }

    @Override public synchronized FileMeta statEntry(Path dir, String name) {
        Path p = name.equals(".") ? dir : name.equals("..") ? (dir.equals(root) ? dir : dir.getParent()) : dir.resolve(name);
        Node n = nodes.get(p);
        return n == null ? null : meta(p, n);
    }

    @Override public synchronized List<String> list(Path dir, Predicate<String> accept, int limit) throws IOException {
        Node d = node(dir);
        if (!d.dir) throw new NotDirectoryException(dir.toString());
        List<String> out = new ArrayList<>();
        for (Path c : children(dir)) {
            if (out.size() >= limit) break;
            String n = c.getFileName().toString();
            if (accept.test(n)) out.add(n);
        }
        return out;
    }

    @Override public Space space() { return new Space(1L << 41, freeBytes, freeBytes); }

    @Override public synchronized void createFile(Path p) throws IOException { create(p, false); }

    @Override public synchronized void createDirectory(Path p) throws IOException { create(p, true); }

    private void create(Path p, boolean dir) throws IOException {
        if (nodes.containsKey(p)) throw new FileAlreadyExistsException(p.toString());
        Node parent = nodes.get(p.getParent());
        if (parent == null || !parent.dir) throw new NoSuchFileException(p.toString());
        nodes.put(p, new Node(dir));
    }

    @Override public synchronized FileChannel open(Path p, Set<? extends OpenOption> options) throws IOException {
        Node n = node(p);
        if (n.dir) throw new IOException(p + ": is a directory");
        boolean write = options.contains(StandardOpenOption.WRITE);
        if (write && n.readOnly) throw new AccessDeniedException(p.toString());
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING) && write) n.size = 0;
        return new MemoryChannel(this, n, write);
    }

    @Override public synchronized void delete(Path p) throws IOException {
        Node n = nodes.get(p);
        if (n == null) return;
        if (n.dir && !children(p).isEmpty()) throw new DirectoryNotEmptyException(p.toString());
        nodes.remove(p);
    }

    @Override public synchronized void rename(Path src, Path dst, boolean replace) throws IOException {
        node(src);
        Node target = nodes.get(dst);
        if (target != null && !replace) throw new FileAlreadyExistsException(dst.toString());
        if (target != null && target.dir) throw new DirectoryNotEmptyException(dst.toString());
        Node parent = nodes.get(dst.getParent());
        if (parent == null || !parent.dir) throw new NoSuchFileException(dst.toString());
        TreeMap<Path, Node> moved = new TreeMap<>();
        for (Map.Entry<Path, Node> e : nodes.tailMap(src, true).entrySet()) {
            if (!e.getKey().startsWith(src)) break;
            moved.put(dst.resolve(src.relativize(e.getKey())), e.getValue());
        }
        nodes.keySet().removeIf(k -> k.startsWith(src));
        nodes.putAll(moved);
    }

    @Override public synchronized void setTimes(Path p, long lastWrite, long lastAccess) throws IOException {
        Node n = node(p);
        if (lastWrite > 0) n.written = lastWrite;
        if (lastAccess > 0) n.accessed = lastAccess;
    }

    @Override public synchronized void setReadOnly(Path p, boolean readOnly) throws IOException { node(p).readOnly = readOnly; }

    @Override public synchronized Integer readDosAttributes(Path p) {
        Node n = nodes.get(p);
        return n == null ? null : n.dos;
    }

    @Override public synchronized boolean writeDosAttributes(Path p, int attributes) {
        Node n = nodes.get(p);
        if (n == null) return false;
        n.dos = attributes;
        return true;
    }

    @Override public synchronized void setLength(Path p, FileChannel channel, long size, boolean extend) throws IOException {
        Node n = node(p);
        if (size < n.size) n.size = size;
        else if (size > n.size && extend) grow(n, size);
    }

    @Override public void punchHole(FileChannel ch, long off, long end) throws IOException {
        MemoryChannel m = (MemoryChannel) ch;
        synchronized (this) {
            long stop = Math.min(end, m.node.size);
            for (long i = off; i < stop; i++) m.node.data[(int) i] = 0;
        }
    }

    @Override public synchronized List<long[]> allocatedRanges(Path p, FileChannel ch, long off, long end, boolean sparse) {
        List<long[]> out = new ArrayList<>();
        if (off >= end) return out;
        if (!sparse) {
            out.add(new long[] {off, end - off});
            return out;
        }
        byte[] d = ((MemoryChannel) ch).node.data;
        long runStart = -1;
        long pos = off - off % 4096;
        for (; pos < end; pos += 4096) {
            boolean data = false;
            for (long i = pos; i < Math.min(pos + 4096, d.length) && !data; i++) data = d[(int) i] != 0;
            if (data && runStart < 0) runStart = Math.max(pos, off);
            if (!data && runStart >= 0) {
                out.add(new long[] {runStart, pos - runStart});
                runStart = -1;
            }
        }
        if (runStart >= 0) out.add(new long[] {runStart, Math.min(pos, end) - runStart});
        return out;
    }

    @Override public void copy(FileChannel src, long srcOff, FileChannel dst, long dstOff, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        src.read(b, srcOff);
        b.flip();
        dst.write(b, dstOff);
    }

    private Node node(Path p) throws IOException {
        Node n = nodes.get(p);
        if (n == null) throw new NoSuchFileException(p.toString());
        return n;
    }

    static void grow(Node n, long size) {
        if (size > n.data.length) {
            byte[] d = new byte[(int) Math.max(size, n.data.length * 2L)];
            System.arraycopy(n.data, 0, d, 0, (int) n.size);
            n.data = d;
        } else {
            for (long i = n.size; i < size; i++) n.data[(int) i] = 0;
        }
        n.size = size;
    }

    /** A FileChannel over a node's bytes (positional reads and writes; no mapping or locks). */
    static final class MemoryChannel extends FileChannel {
        private final Object lock;
        final Node node;
        private final boolean writable;
        private long position;

        MemoryChannel(Object lock, Node node, boolean writable) {
            this.lock = lock;
            this.node = node;
            this.writable = writable;
        }

        @Override public int read(ByteBuffer dst, long at) throws IOException {
            ensureOpen();
            synchronized (lock) {
                if (at >= node.size) return -1;
                int n = (int) Math.min(dst.remaining(), node.size - at);
                dst.put(node.data, (int) at, n);
                node.accessed = now();
                return n;
            }
        }

        @Override public int write(ByteBuffer src, long at) throws IOException {
            ensureOpen();
            if (!writable) throw new java.nio.channels.NonWritableChannelException();
            synchronized (lock) {
                int n = src.remaining();
                if (at + n > node.size) grow(node, at + n);
                src.get(node.data, (int) at, n);
                node.written = node.changed = now();
                return n;
            }
        }

        @Override public int read(ByteBuffer dst) throws IOException {
            int n = read(dst, position);
            if (n > 0) position += n;
            return n;
        }

        @Override public int write(ByteBuffer src) throws IOException {
            int n = write(src, position);
            position += n;
            return n;
        }

        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                int n = read(dsts[i]);
                if (n < 0) return total == 0 ? -1 : total;
                total += n;
            }
            return total;
        }

        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) total += write(srcs[i]);
            return total;
        }

        @Override public long position() { return position; }

        @Override public FileChannel position(long p) {
            position = p;
            return this;
        }

        @Override public long size() throws IOException {
            ensureOpen();
            synchronized (lock) {
                return node.size;
            }
        }

        @Override public FileChannel truncate(long size) throws IOException {
            ensureOpen();
            synchronized (lock) {
                if (size < node.size) node.size = size;
            }
            return this;
        }

        @Override public void force(boolean metaData) { }

        @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) count);
            int n = read(b, position);
            b.flip();
            return n < 0 ? 0 : target.write(b);
        }

        @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) count);
            int n = src.read(b);
            b.flip();
            return n <= 0 ? 0 : write(b, position);
        }

        @Override public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("no mapping in memory");
        }

        @Override public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("no locks in memory");
        }

        @Override public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("no locks in memory");
        }

        @Override protected void implCloseChannel() { }

        private void ensureOpen() throws IOException {
            if (!isOpen()) throw new java.nio.channels.ClosedChannelException();
        }
    }
}
