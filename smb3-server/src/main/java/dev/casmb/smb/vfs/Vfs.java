package dev.casmb.smb.vfs;

import dev.casmb.smb.proto.SmbException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every file-system operation the server makes on a share's files (the protocol never touches the file system but
 * through this). A file is named by the {@link Path} that {@link #resolve} gave for it: an opaque key of this Vfs (it
 * is also the key of the server's {@code FileNode}), meaningful only to the Vfs that made it; another backend (the
 * in-memory fake of the tests, a later snapshot or stream store) may make Paths that name nothing on disk.
 *
 * <p>Names are resolved component by component from the share root (MS-FSA 2.1.5.1: an open by a path relative to
 * the share), matching case-insensitively when there is no exact match, and never leaving the share: no "..", and a
 * symbolic link (a reparse point, MS-FSCC 2.1.2.1) is only followed where its target stays inside the share, else
 * ACCESS_DENIED. Failures of the operations below are {@link IOException}s of java.nio's kinds
 * ({@code NoSuchFileException}, {@code FileAlreadyExistsException}, ...): {@link VfsErrors#status} is the one place
 * that turns them into NTSTATUS.
 */
public interface Vfs {
    /** The share root; its Path is the key of the root directory. */
    Path root();

    // ---- names (MS-FSA 2.1.5.1) ----

    /**
     * The file named by components relative to the root (empty: the root). Parent directories must exist (else
     * OBJECT_PATH_NOT_FOUND); the last component may be missing (the Path a create would make).
     */
    Path resolve(List<String> comps) throws SmbException;

    /** As {@link #resolve(List)}, reusing the parents resolved earlier with the same map (a bulk reload). */
    Path resolve(String smbPath, Map<List<String>, Path> parents) throws SmbException;

    /** A directory that must exist (else OBJECT_PATH_NOT_FOUND). */
    Path resolveDirectory(List<String> comps) throws SmbException;

    /** The last step of {@link #resolve(List)}: {@code name} in the resolved directory {@code parent}. */
    Path resolveChild(Path parent, String name) throws SmbException;

    /** {@code name} in {@code dir} exactly as given, without lookup (a create's or rename's new name). */
    default Path child(Path dir, String name) { return dir.resolve(name); }

    /** The directory holding {@code p}; null for the root. */
    default Path parent(Path p) { return p.equals(root()) ? null : p.getParent(); }

    /** The last component of {@code p} ("" for the root). */
    default String name(Path p) { return p.equals(root()) || p.getFileName() == null ? "" : p.getFileName().toString(); }

    /** ACCESS_DENIED if {@code p} is a link leading out of the share; OBJECT_NAME_NOT_FOUND if it leads nowhere. */
    void checkConfined(Path p) throws SmbException;

    /** The share-relative SMB name of {@code p} (backslash separated, "" for the root). */
    String relative(Path p);

    // ---- lookups ----

    /** Whether {@code p} exists; {@code follow}: a link counts only if its target exists. */
    boolean exists(Path p, boolean follow);

    /** Whether {@code p} is a directory; {@code follow}: a (confined) link to one counts. */
    boolean isDirectory(Path p, boolean follow);

    /** Whether the file's data may be written (no DOS read-only attribute, writable for the server). */
    boolean isWritable(Path p);

    /** Times, sizes, DOS attributes, file id (MS-FSCC 2.4.7, 2.4.41). */
    FileMeta stat(Path p) throws IOException;

    /** The entry {@code name} of {@code dir} ("." and ".." included) for a listing; null if it vanished or leaves the share. */
    FileMeta statEntry(Path dir, String name);

    /** The names in {@code dir} that {@code accept} takes, at most {@code limit} of them, in the directory's order. */
    List<String> list(Path dir, Predicate<String> accept, int limit) throws IOException;

    /** Free and total space of the share's volume (MS-FSCC 2.5.8). */
    Space space() throws IOException;

    /** Volume sizes in bytes. */
    record Space(long total, long usable, long unallocated) {}

    // ---- changes ----

    /** Creates an empty file; FileAlreadyExistsException if the name is taken (a lost create race). */
    void createFile(Path p) throws IOException;

    void createDirectory(Path p) throws IOException;

    /** Opens the file's data for read/write through a FileChannel (options as {@link FileChannel#open}). */
    FileChannel open(Path p, Set<? extends OpenOption> options) throws IOException;

    /** Deletes a file or an empty directory; a missing one is not an error. */
    void delete(Path p) throws IOException;

    /** Renames {@code src} to {@code dst}; {@code replace}: an existing file at {@code dst} is replaced atomically. */
    void rename(Path src, Path dst, boolean replace) throws IOException;

    /** Last write and last access times as FILETIME (MS-FSA 2.1.5.14.2); 0: unchanged. */
    void setTimes(Path p, long lastWrite, long lastAccess) throws IOException;

    /** The DOS read-only attribute (MS-FSCC 2.6), kept where the file system keeps write permission. */
    void setReadOnly(Path p, boolean readOnly) throws IOException;

    /** DOS attributes other than read-only and directory, as stored (null: none stored). */
    Integer readDosAttributes(Path p);

    /** Stores DOS attributes; false where the file system cannot keep them. */
    boolean writeDosAttributes(Path p, int attributes);

    /**
     * End of file (MS-FSA 2.1.5.14.4) or allocation size (2.1.5.14.1) through the open's channel, or a channel
     * opened for it when the open has none: a smaller size truncates; a larger one extends (sparse) only if
     * {@code extend}.
     */
    void setLength(Path p, FileChannel channel, long size, boolean extend) throws IOException;

    /** Zeroes [off, end) without extending the file (FSCTL_SET_ZERO_DATA, MS-FSA 2.1.5.10.36: may deallocate). */
    void punchHole(FileChannel ch, long off, long end) throws IOException;

    /**
     * The allocated ranges within [off, end) as {offset, length} pairs (FSCTL_QUERY_ALLOCATED_RANGES, MS-FSA
     * 2.1.5.10.22); a non-sparse file is all allocated.
     */
    List<long[]> allocatedRanges(Path p, FileChannel ch, long off, long end, boolean sparse) throws IOException;

    /** Copies {@code len} bytes between channels (FSCTL_SRV_COPYCHUNK, MS-SMB2 3.3.5.15.6). */
    void copy(FileChannel src, long srcOff, FileChannel dst, long dstOff, int len) throws IOException;
}
