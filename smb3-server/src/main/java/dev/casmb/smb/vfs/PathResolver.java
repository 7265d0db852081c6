package dev.casmb.smb.vfs;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an SMB path (relative to the share, backslash separated) into a local path that is confined to
 * the share: no "..", no absolute paths, no reserved device names, no symlink that leaves the share.
 * Lookups are case-insensitive, as Windows clients expect (exact match first).
 */
public final class PathResolver {
    public static final int MAX_PATH_CHARS = 32767;
    public static final int MAX_COMPONENT_CHARS = 255;
    private static final Set<String> DEVICE_NAMES = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
        "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
        "LPT8", "LPT9");

    private final Path root;

    public PathResolver(Path root) {
        this.root = root;
    }

    public Path root() { return root; }

    /** Splits and validates an SMB path; returns its components (empty for the share root). */
    public static List<String> components(String smbPath) throws SmbException {
        if (smbPath.length() > MAX_PATH_CHARS) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
        String p = smbPath;
        // A trailing "::$DATA" names the default stream (MS-FSCC 2.1.4).
        if (p.toUpperCase(Locale.ROOT).endsWith("::$DATA")) p = p.substring(0, p.length() - 7);
        if (p.startsWith("\\")) {
            // MS-SMB2 3.3.5.9: a leading separator is invalid in CREATE names.
            throw new SmbException(NtStatus.INVALID_PARAMETER);
        }
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) return out;
        String[] parts = p.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            String c = parts[i];
            if (c.isEmpty()) {
                if (i == parts.length - 1) break; // trailing backslash
                throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
            }
            if (c.equals(".") || c.equals("..")) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
            if (c.length() > MAX_COMPONENT_CHARS) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
            for (int k = 0; k < c.length(); k++) {
                char ch = c.charAt(k);
                if (ch < 0x20 || ch == '/' || ch == '<' || ch == '>' || ch == '"' || ch == '|' || ch == '?' || ch == '*') {
                    throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
                }
                if (ch == ':') {
                    // Alternate data streams are not supported on this VFS.
                    throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
                }
            }
            String base = c.contains(".") ? c.substring(0, c.indexOf('.')) : c;
            if (DEVICE_NAMES.contains(base.toUpperCase(Locale.ROOT))) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);
            out.add(c);
        }
        return out;
    }

    /**
     * Resolves components to a local path. Parent directories must exist (else
     * OBJECT_PATH_NOT_FOUND); the last component may be missing. Existing components are matched
     * case-insensitively when there is no exact match.
     */
    public Path resolve(List<String> comps) throws SmbException {
        Path cur = root;
        for (int i = 0; i < comps.size(); i++) {
            boolean last = i == comps.size() - 1;
            Path next = cur.resolve(comps.get(i));
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                Path ci = findCaseInsensitive(cur, comps.get(i));
                if (ci != null) next = ci;
            }
            if (!last) {
                if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
                confine(next);
                if (!Files.isDirectory(next)) throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                confine(next);
            }
            cur = next;
        }
        return cur;
    }

    public Path resolve(String smbPath) throws SmbException {
        return resolve(components(smbPath));
    }

    /**
     * The same resolution as {@link #resolve(String)}, reusing parent directories resolved by earlier calls
     * with the same {@code parents} map: for reloading many persistent handles at once (a takeover), where
     * most share a few directories and the per-component checks of the parents would dominate. The caller
     * drops the map afterwards (it is only valid while the tree does not change).
     */
    public Path resolve(String smbPath, java.util.Map<List<String>, Path> parents) throws SmbException {
        List<String> comps = components(smbPath);
        if (comps.size() < 2) return resolve(comps);
        List<String> up = List.copyOf(comps.subList(0, comps.size() - 1));
        Path parent = parents.get(up);
        if (parent == null) {
            parent = resolveDirectory(up);
            parents.put(up, parent);
        }
        return resolveChild(parent, comps.get(comps.size() - 1));
    }

    /** Resolves the components of a directory that must exist (else OBJECT_PATH_NOT_FOUND); empty: the root. */
    public Path resolveDirectory(List<String> comps) throws SmbException {
        Path dir = resolve(comps);
        if (!Files.isDirectory(dir)) throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
        return dir;
    }

    /** The last step of {@link #resolve(List)}: {@code name} in the resolved directory {@code parent}. */
    public Path resolveChild(Path parent, String name) throws SmbException {
        Path next = parent.resolve(name);
        if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
            Path ci = findCaseInsensitive(parent, name);
            if (ci != null) next = ci;
        }
        if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) confine(next);
        return next;
    }

    /** Fails with ACCESS_DENIED if {@code p} is a symlink whose target leaves the share (OBJECT_NAME_NOT_FOUND: dangling). */
    public void checkConfined(Path p) throws SmbException {
        confine(p);
    }

    /** The SMB-relative name of a local path inside the share. */
    public String relative(Path p) {
        Path rel = root.relativize(p);
        return rel.toString().replace('/', '\\');
    }

    /** A symlink may only point inside the share (checked on its real path). */
    private void confine(Path p) throws SmbException {
        if (Files.isSymbolicLink(p)) {
            try {
                Path real = p.toRealPath();
                if (!real.startsWith(root)) throw new SmbException(NtStatus.ACCESS_DENIED, "symlink leaves share");
            } catch (IOException e) {
                throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "dangling symlink");
            }
        }
    }

    private static Path findCaseInsensitive(Path dir, String name) {
        if (!Files.isDirectory(dir)) return null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            int scanned = 0;
            for (Path e : ds) {
                if (e.getFileName().toString().equalsIgnoreCase(name)) return e;
                if (++scanned > 100_000) break;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
