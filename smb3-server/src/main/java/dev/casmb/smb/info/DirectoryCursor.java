package dev.casmb.smb.info;

import dev.casmb.smb.vfs.Vfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The enumeration state of one directory open (kept in Open.dirCursor): the names matching the
 * search pattern, snapshotted when the enumeration (re)starts, and the position of the next one.
 * Only names are kept (metadata is read as entries are returned, so entries deleted meanwhile are
 * skipped), and at most {@link #MAX_ENTRIES} of them, which bounds memory per open.
 */
public final class DirectoryCursor {
    public static final int MAX_ENTRIES = 500_000;

    private final WildcardMatcher matcher;
    private final List<String> names;
    private final boolean truncated;
    private int next;
    private boolean returnedAny;

    private DirectoryCursor(WildcardMatcher matcher, List<String> names, boolean truncated) {
        this.matcher = matcher;
        this.names = names;
        this.truncated = truncated;
    }

    /** Starts an enumeration of {@code dir} in {@code vfs}: "." and ".." first (if they match), then the directory's names. */
    public static DirectoryCursor open(Vfs vfs, Path dir, String pattern) throws IOException {
        WildcardMatcher m = new WildcardMatcher(pattern);
        List<String> out = new ArrayList<>();
        if (m.matches(".")) out.add(".");
        if (m.matches("..")) out.add("..");
        boolean truncated = false;
        if (m.isLiteral()) {
            String p = pattern;
            if (!p.equals(".") && !p.equals("..")) {
                if (vfs.exists(vfs.child(dir, p), false)) {
                    out.add(p);
                } else {
                    out.addAll(vfs.list(dir, m::matches, 1));
                }
            }
        } else {
            int room = MAX_ENTRIES - out.size();
            List<String> names = vfs.list(dir, m::matches, room + 1);
            truncated = names.size() > room;
            out.addAll(truncated ? names.subList(0, room) : names);
        }
        return new DirectoryCursor(m, out, truncated);
    }

    public boolean hasNext() { return next < names.size(); }

    public String peek() { return names.get(next); }

    public void advance() {
        next++;
        returnedAny = true;
    }

    /** Skips an entry that vanished without counting it as returned. */
    public void skip() { next++; }

    public boolean returnedAny() { return returnedAny; }

    /** True if the directory had more matching names than a cursor keeps. */
    public boolean truncated() { return truncated; }

    public WildcardMatcher matcher() { return matcher; }
}
