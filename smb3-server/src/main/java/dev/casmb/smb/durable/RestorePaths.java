package dev.casmb.smb.durable;

import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.vfs.PathResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local paths of many persistent handles that share one parent directory, resolved as
 * {@link PathResolver#resolve(String)} would (exact name first, else a case-insensitive match: the
 * resolver's own lookup), for a reload (takeover, restart). With {@link #LIST_AT} or more handles in the directory
 * it is read once and each name looked up in memory, instead of two or three {@code stat} calls per handle
 * (100 000 handles in one directory: one listing instead of 300 000 system calls). A symlink is not followed
 * here: whether it stays inside the share is checked when the handle is reclaimed and its file opened
 * ({@link DurableHandles#openRestored}); a disconnected handle gives no access to the file.
 */
final class RestorePaths {
    static final int LIST_AT = 256;
    private final PathResolver resolver;
    private final Path parent;
    private final Set<String> names;

    private RestorePaths(PathResolver resolver, Path parent, String[] listing) {
        this.resolver = resolver;
        this.parent = parent;
        this.names = listing == null ? null : new HashSet<>(Arrays.asList(listing));
    }

    /** The paths under the directory {@code up} (components; empty: the share root) for {@code count} handles. */
    static RestorePaths of(PathResolver resolver, List<String> up, int count) throws SmbException {
        Path dir = resolver.resolveDirectory(up);
        String[] listing = count >= LIST_AT ? dir.toFile().list() : null; // null on error: resolved one by one
        return new RestorePaths(resolver, dir, listing);
    }

    /** The existing file or directory {@code name} in the parent; IOException if there is none. */
    Path resolve(String name) throws IOException, SmbException {
        if (names != null && names.contains(name)) return parent.resolve(name);
        // not listed under this exact name (or no listing): the resolver's own lookup, case-insensitive
        Path p = resolver.resolveChild(parent, name);
        if (!Files.exists(p)) throw new IOException("file is gone");
        return p;
    }
}
