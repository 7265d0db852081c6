package dev.casmb.smb.vfs.local;

import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.vfs.FileMeta;
import dev.casmb.smb.vfs.PathResolver;
import dev.casmb.smb.vfs.Vfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@link Vfs} of a share kept in a local directory, through java.nio: names by {@link PathResolver} (component
 * by component, links confined to the share), metadata by {@link LocalStat} (one {@code unix:*} stat), DOS
 * attributes in the {@code user.casmb.dosattrib} xattr ({@link DosAttributes}), the read-only attribute as the
 * write permission bits, sparse files as Linux sparse files (holes by zeroing; allocation read as non-zero blocks, as
 * Java has no SEEK_DATA/SEEK_HOLE).
 */
public final class LocalVfs implements Vfs {
    static final int BLOCK = 4096;
    /** Beyond this many bytes scanned, the rest of a queried range is reported allocated. */
    static final long MAX_SCAN = 64L * 1024 * 1024;

    private final Path root;
    private final PathResolver resolver;

    private LocalVfs(Path root) {
        this.root = root;
        this.resolver = new PathResolver(root);
    }

    /** The Vfs of the directory {@code dir}, made if missing; its root is the directory's real path. */
    public static LocalVfs create(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new LocalVfs(dir.toRealPath());
    }

    @Override public Path root() { return root; }

    @Override public Path resolve(List<String> comps) throws SmbException { return resolver.resolve(comps); }

    @Override public Path resolve(String smbPath, Map<List<String>, Path> parents) throws SmbException {
        return resolver.resolve(smbPath, parents);
    }

    @Override public Path resolveDirectory(List<String> comps) throws SmbException { return resolver.resolveDirectory(comps); }

    @Override public Path resolveChild(Path parent, String name) throws SmbException { return resolver.resolveChild(parent, name); }

    @Override public void checkConfined(Path p) throws SmbException { resolver.checkConfined(p); }

    @Override public String relative(Path p) { return resolver.relative(p); }

    @Override public boolean exists(Path p, boolean follow) {
        return follow ? Files.exists(p) : Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Override public boolean isDirectory(Path p, boolean follow) {
        return follow ? Files.isDirectory(p) : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Override public boolean isWritable(Path p) { return Files.isWritable(p); }

    @Override public FileMeta stat(Path p) throws IOException { return LocalStat.read(p); }

    @Override public FileMeta statEntry(Path dir, String name) {
        try {
            Path p;
            if (name.equals(".")) p = dir;
            else if (name.equals("..")) p = dir.equals(root) || dir.getParent() == null ? dir : dir.getParent();
            else p = dir.resolve(name);
            if (Files.isSymbolicLink(p) && !p.toRealPath().startsWith(root)) return null;
            return LocalStat.read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override public List<String> list(Path dir, Predicate<String> accept, int limit) throws IOException {
        List<String> out = new ArrayList<>();
        if (limit <= 0) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                String n = e.getFileName().toString();
                if (!accept.test(n)) continue;
                out.add(n);
                if (out.size() >= limit) break;
            }
        }
        return out;
    }

    @Override public Space space() throws IOException {
        FileStore fs = Files.getFileStore(root);
        return new Space(fs.getTotalSpace(), fs.getUsableSpace(), fs.getUnallocatedSpace());
    }

    @Override public void createFile(Path p) throws IOException { Files.createFile(p); }

    @Override public void createDirectory(Path p) throws IOException { Files.createDirectory(p); }

    @Override public FileChannel open(Path p, Set<? extends OpenOption> options) throws IOException {
        return FileChannel.open(p, options);
    }

    @Override public void delete(Path p) throws IOException { Files.deleteIfExists(p); }

    @Override public void rename(Path src, Path dst, boolean replace) throws IOException {
        if (replace) Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        else Files.move(src, dst);
    }

    @Override public void setTimes(Path p, long lastWrite, long lastAccess) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(
            lastWrite > 0 ? FileMeta.fromFiletime(lastWrite) : null,
            lastAccess > 0 ? FileMeta.fromFiletime(lastAccess) : null, null);
    }

    @Override public void setReadOnly(Path p, boolean readOnly) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            boolean changed;
            if (readOnly) {
                changed = perms.remove(PosixFilePermission.OWNER_WRITE) | perms.remove(PosixFilePermission.GROUP_WRITE)
                    | perms.remove(PosixFilePermission.OTHERS_WRITE);
            } else {
                changed = perms.add(PosixFilePermission.OWNER_WRITE);
            }
            if (changed) Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            p.toFile().setWritable(!readOnly);
        }
    }

    @Override public Integer readDosAttributes(Path p) { return DosAttributes.read(p); }

    @Override public boolean writeDosAttributes(Path p, int attributes) { return DosAttributes.write(p, attributes); }

    @Override public void setLength(Path p, FileChannel channel, long size, boolean extend) throws IOException {
        FileChannel ch = channel;
        boolean temp = ch == null;
        if (temp) ch = FileChannel.open(p, StandardOpenOption.WRITE);
        try {
            long cur = ch.size();
            if (size < cur) {
                ch.truncate(size);
            } else if (size > cur && extend) {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
        } finally {
            if (temp) ch.close();
        }
    }

    @Override public void punchHole(FileChannel ch, long off, long end) throws IOException {
        ByteBuffer z = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(0, end - off)));
        long pos = off;
        while (pos < end) {
            z.clear();
            z.limit((int) Math.min(z.capacity(), end - pos));
            while (z.hasRemaining()) pos += ch.write(z, pos);
        }
    }

    @Override public List<long[]> allocatedRanges(Path p, FileChannel ch, long off, long end, boolean sparse) throws IOException {
        List<long[]> out = new ArrayList<>();
        if (off >= end) return out;
        if (!sparse) {
            out.add(new long[] {off, end - off});
            return out;
        }
        // the runs of 4 KiB blocks that are not all zero (zeroed data reads back the same as a hole)
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        long runStart = -1;
        long pos = off - off % BLOCK;
        long scanned = 0;
        while (pos < end) {
            if (scanned >= MAX_SCAN) {
                if (runStart < 0) runStart = Math.max(pos, off);
                pos = end;
                break;
            }
            buf.clear();
            int n = 0;
            while (buf.hasRemaining()) {
                int k = ch.read(buf, pos + buf.position());
                if (k < 0) break;
                n += k;
            }
            boolean data = false;
            for (int i = 0; i < n && !data; i++) data = buf.get(i) != 0;
            if (data && runStart < 0) runStart = Math.max(pos, off);
            if (!data && runStart >= 0) {
                out.add(new long[] {runStart, pos - runStart});
                runStart = -1;
            }
            pos += BLOCK;
            scanned += BLOCK;
        }
        if (runStart >= 0) out.add(new long[] {runStart, Math.min(pos, end) - runStart});
        return out;
    }

    @Override public void copy(FileChannel src, long srcOff, FileChannel dst, long dstOff, int len) throws IOException {
        copyRange(src, srcOff, dst, dstOff, len);
    }

    /** Through a heap buffer, so that overlapping ranges in the same file read before writing. */
    static void copyRange(FileChannel src, long srcOff, FileChannel dst, long dstOff, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            int n = src.read(buf, srcOff + buf.position());
            if (n < 0) break;
        }
        buf.flip();
        long pos = dstOff;
        while (buf.hasRemaining()) pos += dst.write(buf, pos);
    }
}
