package dev.casmb.smb.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who may use a share, as configured ({@code allowedUsers}, {@code allowedGroups}, {@code readOnlyUsers},
 * {@code readOnlyGroups} in a share's YAML entry). Names are matched case-insensitively.
 *
 * <ul>
 *   <li>If {@code allowedUsers} and {@code allowedGroups} are both empty, every authenticated user may
 *       connect; otherwise only a user named in {@code allowedUsers} or a member of a group in
 *       {@code allowedGroups} may (others get STATUS_ACCESS_DENIED at TREE_CONNECT).</li>
 *   <li>A user who may connect gets read-only access if the share is {@code readOnly}, or the user is named
 *       in {@code readOnlyUsers}, or is a member of a group in {@code readOnlyGroups}; else read-write.
 *       The read-only lists only restrict: they do not admit anyone the allowed lists leave out.</li>
 * </ul>
 */
public record ShareAcl(List<String> allowedUsers, List<String> allowedGroups, List<String> readOnlyUsers,
                       List<String> readOnlyGroups) {

    /** No lists: every authenticated user, read-write unless the share is read-only. */
    public static final ShareAcl OPEN = new ShareAcl(List.of(), List.of(), List.of(), List.of());

    /** What a user may do on a share. */
    public enum Level { NONE, READ, FULL }

    public ShareAcl {
        allowedUsers = clean(allowedUsers);
        allowedGroups = clean(allowedGroups);
        readOnlyUsers = clean(readOnlyUsers);
        readOnlyGroups = clean(readOnlyGroups);
    }

    private static List<String> clean(List<String> names) {
        if (names == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n == null || n.isBlank()) throw new IllegalArgumentException("empty user or group name in a share ACL");
            String s = n.strip();
            if (out.stream().noneMatch(x -> x.equalsIgnoreCase(s))) out.add(s);
        }
        return List.copyOf(out);
    }

    /** True if only listed users/groups may connect. */
    public boolean restricted() {
        return !allowedUsers.isEmpty() || !allowedGroups.isEmpty();
    }

    /**
     * The access of {@code user}, a member of {@code groups} (lower-case or any case), on a share that
     * is {@code shareReadOnly} or not. A null user (anonymous) gets NONE.
     */
    public Level levelFor(String user, Collection<String> groups, boolean shareReadOnly) {
        if (user == null || user.isEmpty()) return Level.NONE;
        if (restricted() && !contains(allowedUsers, user) && !intersects(allowedGroups, groups)) return Level.NONE;
        if (shareReadOnly || contains(readOnlyUsers, user) || intersects(readOnlyGroups, groups)) return Level.READ;
        return Level.FULL;
    }

    /** Every group name the lists mention. */
    public Set<String> groupsMentioned() {
        Set<String> s = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.addAll(allowedGroups);
        s.addAll(readOnlyGroups);
        return s;
    }

    static boolean contains(List<String> names, String name) {
        for (String n : names) if (n.equalsIgnoreCase(name)) return true;
        return false;
    }

    private static boolean intersects(List<String> names, Collection<String> groups) {
        if (groups == null) return false;
        for (String g : groups) if (contains(names, g)) return true;
        return false;
    }

    /** For log and admin output: "users a,b; groups g; read-only users c" (or "all authenticated users"). */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!allowedUsers.isEmpty()) parts.add("users " + String.join(",", allowedUsers));
        if (!allowedGroups.isEmpty()) parts.add("groups " + String.join(",", allowedGroups));
        if (parts.isEmpty()) parts.add("all authenticated users");
        if (!readOnlyUsers.isEmpty()) parts.add("read-only users " + String.join(",", readOnlyUsers));
        if (!readOnlyGroups.isEmpty()) parts.add("read-only groups " + String.join(",", readOnlyGroups));
        return String.join("; ", parts);
    }
}
