package dev.casmb.ha.cluster;

import dev.casmb.ha.consensus.CorruptDataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A share definition made from the admin shell, as replicated: the name, the aggregate it lives on, its
 * directory relative to the node's base directory ({@code aggr1/sql}: the aggregate is the first
 * component), its properties and comment.
 *
 * <p>An {@code overlay} changes a share of the node configuration file ({@code smb.shares}): it carries only
 * the properties and comment; path, aggregate, read-only flag and ACL stay those of the file, so its
 * {@code aggregate} and {@code path} are empty.
 */
public record ShareDef(String name, String aggregate, String path, boolean continuouslyAvailable, boolean encryptData,
                       boolean overlay, String comment) {
    private static final int CA = 1;
    private static final int ENCRYPT = 2;
    private static final int OVERLAY = 4;
    static final int MAX_PATH = 1024;

    public ShareDef {
        comment = comment == null || comment.isEmpty() ? null : comment;
    }

    /** An overlay of the configured share {@code name}. */
    public static ShareDef overlay(String name, boolean continuouslyAvailable, boolean encryptData, String comment) {
        return new ShareDef(name, "", "", continuouslyAvailable, encryptData, true, comment);
    }

    /**
     * Checks the definition against the aggregates that exist; the same rules on every replica, so a bad
     * definition is refused everywhere. Throws IllegalArgumentException with a readable reason.
     */
    public void validate(Set<String> aggregates) {
        if (name == null || name.isBlank() || name.length() > 80 || name.matches(".*[\\\\/:*?\"<>|\\p{Cntrl}].*")
            || name.equalsIgnoreCase("IPC$")) {
            throw new IllegalArgumentException("invalid share name \"" + name + "\" (1-80 characters, none of \\ / : * ? \" < > |"
                + ", not IPC$)");
        }
        if (comment != null && comment.length() > 256) throw new IllegalArgumentException("comment longer than 256 characters");
        if (overlay) {
            if (!aggregate.isEmpty() || !path.isEmpty()) throw new IllegalArgumentException("an overlay has no path of its own");
            return;
        }
        String p = normalizePath(path);
        if (!p.equals(path)) throw new IllegalArgumentException("share path " + path + " is not in normal form (" + p + ")");
        if (!aggregateOfPath(p).equals(aggregate)) {
            throw new IllegalArgumentException("share path " + path + " is not on aggregate " + aggregate);
        }
        if (!aggregates.contains(aggregate)) {
            throw new IllegalArgumentException("unknown aggregate " + aggregate + " (known: " + new java.util.TreeSet<>(aggregates) + ")");
        }
    }

    /**
     * The normal form of an admin's {@code -path}: {@code /aggr1/sql}, {@code aggr1/sql} and {@code aggr1//sql/}
     * all give {@code aggr1/sql}. Refused (IllegalArgumentException): {@code .} and {@code ..} components,
     * backslashes, control characters, and a path that is only an aggregate (its root holds every share).
     */
    public static String normalizePath(String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("empty path");
        if (path.length() > MAX_PATH) throw new IllegalArgumentException("path longer than " + MAX_PATH + " characters");
        if (path.contains("\\")) throw new IllegalArgumentException("path " + path + ": use / to separate directories");
        if (path.chars().anyMatch(Character::isISOControl)) throw new IllegalArgumentException("path contains control characters");
        List<String> parts = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty()) continue;
            if (c.equals(".") || c.equals("..")) {
                throw new IllegalArgumentException("path " + path + ": '" + c + "' is not allowed (paths stay inside an aggregate)");
            }
            parts.add(c);
        }
        if (parts.size() < 2) {
            throw new IllegalArgumentException("path " + path + " must name a directory inside an aggregate, e.g. /"
                + (parts.isEmpty() ? "aggr1" : parts.get(0)) + "/data");
        }
        return String.join("/", parts);
    }

    /** The aggregate of a normalized path: its first component. */
    public static String aggregateOfPath(String normalizedPath) {
        int i = normalizedPath.indexOf('/');
        return i < 0 ? normalizedPath : normalizedPath.substring(0, i);
    }

    void write(DataOutputStream o) throws IOException {
        o.writeUTF(name);
        o.writeUTF(aggregate);
        o.writeUTF(path);
        o.writeByte((continuouslyAvailable ? CA : 0) | (encryptData ? ENCRYPT : 0) | (overlay ? OVERLAY : 0));
        o.writeUTF(comment == null ? "" : comment);
    }

    static ShareDef read(DataInputStream in) throws IOException {
        String name = in.readUTF();
        String aggregate = in.readUTF();
        String path = in.readUTF();
        int flags = in.readUnsignedByte();
        if ((flags & ~(CA | ENCRYPT | OVERLAY)) != 0) throw new CorruptDataException("unknown share flags " + flags);
        String comment = in.readUTF();
        return new ShareDef(name, aggregate, path, (flags & CA) != 0, (flags & ENCRYPT) != 0, (flags & OVERLAY) != 0, comment);
    }
}
