package dev.casmb.smb.info;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /** Starts an enumeration of {@code dir}: "." and ".." first (if they match), then the directory's names. */
    public static DirectoryCursor open(Path dir, String pattern) throws IOException {
        WildcardMatcher m = new WildcardMatcher(pattern);
        List<String> out = new ArrayList<>();
        if (m.matches(".")) out.add(".");
        if (m.matches("..")) out.add("..");
        boolean truncated = false;
        if (m.isLiteral()) {
            String p = pattern;
            if (!p.equals(".") && !p.equals("..")) {
                if (Files.exists(dir.resolve(p), LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                } else {
                    String found = scan(dir, m, out);
                    if (found != null) out.add(found);
                }
            }
        } else {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path e : ds) {
                    String n = e.getFileName().toString();
                    if (!m.matches(n)) continue;
                    if (out.size() >= MAX_ENTRIES) {
                        truncated = true;
                        break;
                    }
                    out.add(n);
                }
            }
        }
        return new DirectoryCursor(m, out, truncated);
    }

    private static String scan(Path dir, WildcardMatcher m, List<String> out) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                String n = e.getFileName().toString();
                if (m.matches(n)) return n;
            }
        }
        return null;
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
