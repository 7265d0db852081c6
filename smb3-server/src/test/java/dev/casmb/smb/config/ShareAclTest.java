package dev.casmb.smb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ShareAcl.Level;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.state.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The share access-control rules (README "Access control") and their YAML form. */
class ShareAclTest {
    @TempDir Path dir;

    @Test
    void noListsAdmitsEveryAuthenticatedUserReadWrite() {
        assertEquals(Level.FULL, ShareAcl.OPEN.levelFor("anyone", Set.of(), false));
        assertEquals(Level.READ, ShareAcl.OPEN.levelFor("anyone", Set.of(), true));
        assertEquals(Level.NONE, ShareAcl.OPEN.levelFor(null, Set.of(), false));
        assertEquals(Level.NONE, ShareAcl.OPEN.levelFor("", Set.of(), false));
        assertFalse(ShareAcl.OPEN.restricted());
    }

    @Test
    void allowedUsersAndGroupsRestrictCaseInsensitively() {
        ShareAcl acl = new ShareAcl(List.of("Alice"), List.of("Staff"), List.of(), List.of());
        assertTrue(acl.restricted());
        assertEquals(Level.FULL, acl.levelFor("alice", Set.of(), false));
        assertEquals(Level.FULL, acl.levelFor("ALICE", Set.of(), false));
        assertEquals(Level.NONE, acl.levelFor("bob", Set.of(), false));
        assertEquals(Level.FULL, acl.levelFor("bob", Set.of("staff"), false));
        assertEquals(Level.NONE, acl.levelFor("bob", Set.of("other"), false));
        assertEquals(Level.READ, acl.levelFor("alice", Set.of(), true), "read-only share");
    }

    @Test
    void readOnlyListsOnlyRestrict() {
        ShareAcl acl = new ShareAcl(List.of("alice", "bob"), List.of(), List.of("bob"), List.of("auditors"));
        assertEquals(Level.FULL, acl.levelFor("alice", Set.of(), false));
        assertEquals(Level.READ, acl.levelFor("bob", Set.of(), false));
        assertEquals(Level.READ, acl.levelFor("alice", Set.of("Auditors"), false));
        // a read-only list does not admit a user the allowed lists leave out
        assertEquals(Level.NONE, acl.levelFor("carol", Set.of("auditors"), false));
        ShareAcl open = new ShareAcl(List.of(), List.of(), List.of("guest1"), List.of());
        assertEquals(Level.READ, open.levelFor("guest1", Set.of(), false));
        assertEquals(Level.FULL, open.levelFor("someone", Set.of(), false));
    }

    @Test
    void blankNamesAreRejectedAndDuplicatesFolded() {
        assertThrows(IllegalArgumentException.class, () -> new ShareAcl(List.of(" "), null, null, null));
        assertEquals(List.of("a"), new ShareAcl(List.of("a", "A"), null, null, null).allowedUsers());
    }

    private ServerConfig parse(Map<String, Object> yaml) throws IOException {
        return ConfigLoader.parse(yaml, dir);
    }

    @Test
    void yamlSharesAndGroups() throws IOException {
        ServerConfig cfg = parse(Map.of(
            "groups", Map.of("staff", List.of("Alice", "bob"), "ops", List.of("carol")),
            "shares", List.of(
                Map.of("name", "team", "path", "team", "allowedUsers", List.of("dave"), "allowedGroups", List.of("Staff"),
                    "readOnlyUsers", "bob"),
                Map.of("name", "pub", "path", "pub"))));
        ShareConfig team = cfg.shares().get(0);
        assertEquals(List.of("dave"), team.acl().allowedUsers());
        assertEquals(List.of("Staff"), team.acl().allowedGroups());
        assertEquals(List.of("bob"), team.acl().readOnlyUsers());
        assertEquals(ShareAcl.OPEN, cfg.shares().get(1).acl());
        assertEquals(Set.of("staff"), lower(cfg.groupsOf("ALICE")));
        assertEquals(Set.of(), cfg.groupsOf("nobody"));
        assertEquals(Level.FULL, team.acl().levelFor("alice", cfg.groupsOf("alice"), false));
        assertEquals(Level.READ, team.acl().levelFor("bob", cfg.groupsOf("bob"), false));
        assertEquals(Level.NONE, team.acl().levelFor("carol", cfg.groupsOf("carol"), false));
    }

    private static Set<String> lower(Set<String> s) {
        return Set.copyOf(s.stream().map(x -> x.toLowerCase(java.util.Locale.ROOT)).toList());
    }

    @Test
    void typosAndUndefinedGroupsAreErrors() {
        IOException typo = assertThrows(IOException.class, () -> parse(Map.of("shares",
            List.of(Map.of("name", "s", "path", "s", "allowedUser", List.of("alice"))))));
        assertTrue(typo.getMessage().contains("allowedUser"), typo.getMessage());
        IOException undefined = assertThrows(IOException.class, () -> parse(Map.of("shares",
            List.of(Map.of("name", "s", "path", "s", "allowedGroups", List.of("nosuch"))))));
        assertTrue(undefined.getMessage().contains("nosuch"), undefined.getMessage());
        assertThrows(IOException.class, () -> parse(Map.of("groups", List.of("x"))));
        assertThrows(IOException.class, () -> parse(Map.of("shares",
            List.of(Map.of("name", "s", "path", "s", "allowedUsers", Map.of("a", 1))))));
    }

    @Test
    void maximalAccessPerUser() throws IOException {
        ServerConfig cfg = parse(Map.of(
            "groups", Map.of("staff", List.of("bob")),
            "shares", List.of(
                Map.of("name", "team", "path", "team", "allowedUsers", List.of("alice"), "allowedGroups", List.of("staff"),
                    "readOnlyGroups", List.of("staff")),
                Map.of("name", "ro", "path", "ro", "readOnly", true))));
        ServerContext ctx = new ServerContext(cfg, UserDatabase.inMemory());
        assertTrue(Files.isDirectory(dir.resolve("team")));
        assertEquals(AccessMask.FILE_ALL_ACCESS, ctx.shareAccess(ctx.share("team"), session("alice")));
        assertEquals(AccessMask.READ_ONLY_ACCESS, ctx.shareAccess(ctx.share("team"), session("bob")));
        assertEquals(0, ctx.shareAccess(ctx.share("team"), session("carol")));
        assertEquals(0, AccessMask.READ_ONLY_ACCESS & AccessMask.WRITE_BITS, "read-only MaximalAccess has no write bit");
        assertEquals(AccessMask.READ_ONLY_ACCESS, ctx.shareAccess(ctx.share("ro"), session("carol")));
        Session anon = session("");
        anon.anonymous = true;
        assertEquals(0, ctx.shareAccess(ctx.share("ro"), anon));
    }

    private static Session session(String user) {
        Session s = new Session(1);
        s.user = user;
        return s;
    }
}
