package dev.casmb.smb.durable;

import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.vfs.PathResolver;
import dev.casmb.smb.vfs.Vfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local paths of many persistent handles that share one parent directory, resolved as
 * {@link PathResolver#resolve(String)} would (exact name first, else a case-insensitive match: the
 * resolver's own lookup), for a reload (takeover, restart). Once {@link #LIST_AT} handles were looked up in the
 * directory it is read once and further names are looked up in memory, instead of two or three {@code stat}
 * calls per handle (100 000 handles in one directory: one listing instead of 300 000 system calls). A symlink is not followed
 * here: whether it stays inside the share is checked when the handle is reclaimed and its file opened
 * ({@link DurableHandles#openRestored}); a disconnected handle gives no access to the file.
 */
final class RestorePaths {
    static final int LIST_AT = 256;
    private final Vfs vfs;
    private final Path parent;
    private int lookups;
    /** The directory's names once {@link #LIST_AT} handles were looked up in it; null before (or if it cannot be read). */
    private Set<String> names;

    private RestorePaths(Vfs vfs, Path parent) {
        this.vfs = vfs;
        this.parent = parent;
    }

    /** The directory {@code up} (components; empty: the share root), which must exist. */
    static RestorePaths of(Vfs vfs, List<String> up) throws SmbException {
        return new RestorePaths(vfs, vfs.resolveDirectory(up));
    }

    /** {@code name} in the parent directory as given (where the file would be). */
    Path child(String name) {
        return vfs.child(parent, name);
    }

    /** The existing file or directory {@code name} in the parent; IOException if there is none. */
    Path resolve(String name) throws IOException, SmbException {
        if (++lookups == LIST_AT) {
            try {
                names = new HashSet<>(vfs.list(parent, n -> true, Integer.MAX_VALUE));
            } catch (IOException e) {
                names = null; // resolved one by one
            }
        }
        if (names != null && names.contains(name)) return vfs.child(parent, name);
        // not listed under this exact name (or not listed): the resolver's own lookup, case-insensitive
        Path p = vfs.resolveChild(parent, name);
        if (!vfs.exists(p, true)) throw new IOException("file is gone");
        return p;
    }
}
