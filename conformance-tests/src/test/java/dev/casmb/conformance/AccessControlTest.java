package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.info.Sid;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access-control rules (README "Access control"), each checked with a second user ({@code other})
 * through smbclient and python3-impacket ({@code src/test/python/access_control.py}, {@code ca_client.py})
 * against a real server with these shares:
 * <ul>
 *   <li>{@code public}, {@code vmstore} (CA): every authenticated user, read-write;</li>
 *   <li>{@code demoonly}: {@code allowedUsers: [demo]};</li>
 *   <li>{@code teamshare}: {@code allowedGroups: [team]}, and group {@code team} = [other];</li>
 *   <li>{@code ro}: {@code readOnly: true};</li>
 *   <li>{@code rousers}: {@code readOnlyUsers: [other]}.</li>
 * </ul>
 */
class AccessControlTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String DENIED = "0xC0000022";
    private static final String OK = "0x00000000";
    private static final int FILE_ALL_ACCESS = 0x001F01FF;
    private static final int READ_ONLY_ACCESS = 0x001200A9;
    /** Write data/append/EA/attributes, DELETE, WRITE_DAC, WRITE_OWNER, delete child. */
    private static final int WRITE_BITS = 0x2 | 0x4 | 0x10 | 0x100 | 0x40 | 0x10000 | 0x40000 | 0x80000;
    private static final Sid DOMAIN = Sid.machineDomain("SVM1");

    private static ServerProcess server;
    private static boolean impacket;

    @BeforeAll
    static void startServer() throws Exception {
        Cmd.assumeInstalled("smbclient", "smbclient");
        impacket = Cmd.which(PYTHON) != null
            && Cmd.run(Duration.ofSeconds(30), List.of(PYTHON, "-c", "import impacket")).exit() == 0;
        List<String> shares = new ArrayList<>(ServerProcess.DEFAULT_SHARES);
        shares.addAll(List.of(
            "{name: demoonly, path: demoonly, allowedUsers: [demo]}",
            "{name: teamshare, path: teamshare, allowedGroups: [team]}",
            "{name: ro, path: ro, readOnly: true}",
            "{name: rousers, path: rousers, readOnlyUsers: [other]}"));
        server = ServerProcess.start("access-control", System.getProperty("casmb.test.host", "127.0.0.31"), shares,
            List.of("groups: {team: [other]}"));
        for (String s : List.of("demoonly", "teamshare", "ro", "rousers", "public")) {
            Files.writeString(server.shareDir(s).resolve("hello.txt"), "hello from " + s + "\n");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @BeforeEach
    void serverAlive() {
        assertTrue(server.isAlive(), () -> "server died:\n" + server.logTail());
    }

    private static void assumeImpacket() {
        Assumptions.assumeTrue(impacket, "python3-impacket is not installed: apt-get install -y python3-impacket");
    }

    // ---- clients

    private static Cmd.Result smbclient(String share, boolean other, String commands) throws Exception {
        Smbclient c = other
            ? new Smbclient(server, share, List.of("-m", "SMB3"), ServerProcess.OTHER_USER, ServerProcess.OTHER_PASSWORD)
            : new Smbclient(server, share, List.of("-m", "SMB3"));
        return c.run(commands);
    }

    private static void assertWorks(Cmd.Result r) {
        assertEquals(0, r.exit(), () -> "smbclient failed: " + r + "\n--- server log:\n" + server.logTail());
        assertFalse(r.output().contains("NT_STATUS_"), () -> "smbclient reported an error: " + r);
    }

    private static void assertDenied(Cmd.Result r) {
        assertTrue(r.output().contains("NT_STATUS_ACCESS_DENIED"), () -> "expected NT_STATUS_ACCESS_DENIED: " + r);
    }

    /** One access_control.py step as {@code other} or demo; returns its JSON line. */
    private static String py(boolean other, String step, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PYTHON, Path.of("src/test/python/access_control.py").toAbsolutePath().toString(),
            server.host(), String.valueOf(server.port()),
            other ? ServerProcess.OTHER_USER : ServerProcess.USER, other ? ServerProcess.OTHER_PASSWORD : ServerProcess.PASSWORD,
            step));
        argv.addAll(List.of(args));
        Cmd.Result r = Cmd.run(Duration.ofSeconds(60), argv);
        String[] lines = r.output().trim().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("{"), () -> step + " failed: " + r + "\n--- server log:\n" + server.logTail());
        return last;
    }

    /** The string value of {@code "key": "value"} in a flat JSON line. */
    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": \"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static int hex(String s) {
        return Integer.parseUnsignedInt(s.substring(2), 16);
    }

    private static Path local(String name) throws Exception {
        Path p = server.dir().resolve("local-" + name);
        Files.writeString(p, "local file " + name + "\n");
        return p;
    }

    // ---- (a) allowedUsers

    @Test
    void userNotInAllowedUsersIsRefusedAtTreeConnect() throws Exception {
        assertWorks(smbclient("demoonly", false, "ls"));
        Cmd.Result r = smbclient("demoonly", true, "ls");
        assertDenied(r);
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("tree connect failed"), r::toString);
        if (!impacket) return;
        String demo = py(false, "tree", "demoonly");
        assertEquals(OK, field(demo, "status"), demo);
        assertEquals(FILE_ALL_ACCESS, hex(field(demo, "maximal")), demo);
        assertEquals(DENIED, field(py(true, "tree", "demoonly"), "status"));
    }

    // ---- (b) allowedGroups

    @Test
    void groupMembershipGrantsAccess() throws Exception {
        Path f = local("team.txt");
        assertWorks(smbclient("teamshare", true, "put " + f + " by-other.txt; ls"));
        assertTrue(Files.exists(server.shareDir("teamshare").resolve("by-other.txt")), "other (in team) could write");
        Cmd.Result demo = smbclient("teamshare", false, "ls");
        assertDenied(demo);
        assertTrue(demo.output().contains("tree connect failed"), demo::toString);
    }

    // ---- (c) read-only share and read-only users

    @Test
    void readOnlyShareRefusesWritesAndServesReads() throws Exception {
        Path got = server.dir().resolve("got-ro.txt");
        Files.deleteIfExists(got);
        assertWorks(smbclient("ro", false, "get hello.txt " + got));
        assertEquals("hello from ro\n", Files.readString(got));
        assertDenied(smbclient("ro", false, "put " + local("ro.txt") + " new.txt"));
        assertFalse(Files.exists(server.shareDir("ro").resolve("new.txt")));
        assertDenied(smbclient("ro", false, "mkdir newdir"));
        assertFalse(Files.exists(server.shareDir("ro").resolve("newdir")));
        assertDenied(smbclient("ro", false, "del hello.txt"));
        assertTrue(Files.exists(server.shareDir("ro").resolve("hello.txt")));
        if (!impacket) return;
        String t = py(false, "tree", "ro");
        assertEquals(OK, field(t, "status"), t);
        assertEquals(READ_ONLY_ACCESS, hex(field(t, "maximal")), "MaximalAccess of a read-only share: " + t);
    }

    @Test
    void readOnlyUserCanReadButNotWrite() throws Exception {
        Path f = local("rousers.txt");
        assertDenied(smbclient("rousers", true, "put " + f + " by-other.txt"));
        assertFalse(Files.exists(server.shareDir("rousers").resolve("by-other.txt")));
        Path got = server.dir().resolve("got-rousers.txt");
        Files.deleteIfExists(got);
        assertWorks(smbclient("rousers", true, "get hello.txt " + got));
        assertEquals("hello from rousers\n", Files.readString(got));
        assertWorks(smbclient("rousers", false, "put " + f + " by-demo.txt"));
        assertTrue(Files.exists(server.shareDir("rousers").resolve("by-demo.txt")));
        if (!impacket) return;
        assertEquals(READ_ONLY_ACCESS, hex(field(py(true, "tree", "rousers"), "maximal")));
        assertEquals(FILE_ALL_ACCESS, hex(field(py(false, "tree", "rousers"), "maximal")));
    }

    // ---- (d) the granted access is enforced on every operation of a handle

    @Test
    void readOnlyHandleCannotModifyAnything() throws Exception {
        assumeImpacket();
        Path victim = server.shareDir("public").resolve("victim.txt");
        Files.writeString(victim, "original");
        String r = py(true, "handle", "public", "victim.txt");
        assertEquals(OK, field(r, "read"), r);
        for (String op : List.of("write", "flush", "set_eof", "set_basic", "rename", "delete", "query_security",
            "attr_read", "attr_lock")) {
            assertEquals(DENIED, field(r, op), op + ": " + r);
        }
        assertEquals("original", Files.readString(victim), "file content unchanged");
        assertTrue(Files.exists(victim), "file not renamed or deleted");
        assertFalse(Files.exists(server.shareDir("public").resolve("renamed-by-other.txt")));
    }

    // ---- security descriptors reflect the ACL

    private record Ace(int type, int mask, String sid) {}

    private static List<Ace> aces(String json) {
        List<Ace> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"type\": (\\d+), \"flags\": \\d+, \"mask\": \"(0x[0-9A-F]+)\", \"sid\": \"([^\"]+)\"\\}")
            .matcher(json);
        while (m.find()) out.add(new Ace(Integer.parseInt(m.group(1)), hex(m.group(2)), m.group(3)));
        return out;
    }

    private static String userSid(String user) {
        return DOMAIN.withRid(Sid.userRid(user)).toString();
    }

    @Test
    void securityDescriptorsDescribeWhatIsEnforced() throws Exception {
        assumeImpacket();
        String authUsers = Sid.AUTHENTICATED_USERS.toString();
        // open share: Authenticated Users, read-write
        List<Ace> pub = aces(py(false, "sd", "public", "hello.txt"));
        assertTrue(pub.contains(new Ace(0, FILE_ALL_ACCESS, authUsers)), pub::toString);
        // read-only share: no ACE grants a write right
        String ro = py(false, "sd", "ro", "hello.txt");
        assertEquals(userSid("demo"), field(ro, "owner"), ro);
        List<Ace> roAces = aces(ro);
        assertFalse(roAces.isEmpty(), ro);
        for (Ace a : roAces) assertEquals(0, a.mask() & WRITE_BITS, "write right in " + a + " of " + ro);
        // allowedUsers: the listed user, not Authenticated Users
        List<Ace> only = aces(py(false, "sd", "demoonly", "hello.txt"));
        assertTrue(only.contains(new Ace(0, FILE_ALL_ACCESS, userSid("demo"))), only::toString);
        assertTrue(only.stream().noneMatch(a -> a.sid().equals(authUsers)), only::toString);
        // allowedGroups: the group's SID
        List<Ace> team = aces(py(true, "sd", "teamshare", "hello.txt"));
        assertTrue(team.contains(new Ace(0, FILE_ALL_ACCESS, DOMAIN.withRid(Sid.groupRid("team")).toString())), team::toString);
        assertTrue(team.stream().noneMatch(a -> a.sid().equals(authUsers)), team::toString);
        // readOnlyUsers: a deny ACE for the user's write rights first, and the caller's own ACE read-only
        List<Ace> rou = aces(py(true, "sd", "rousers", "hello.txt"));
        assertEquals(new Ace(1, WRITE_BITS, userSid("other")), rou.get(0), rou::toString);
        assertTrue(rou.contains(new Ace(0, READ_ONLY_ACCESS, userSid("other"))), rou::toString);
    }

    // ---- (e) no symlink or hard-link escape

    @Test
    void symlinksLeavingTheShareAreNotFollowedOrListed() throws Exception {
        Path outside = server.dir().resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), "top secret\n");
        Path share = server.shareDir("public");
        Files.createDirectories(share.resolve("sub"));
        Files.writeString(share.resolve("sub/inside.txt"), "inside\n");
        Files.createSymbolicLink(share.resolve("outdir"), outside);
        Files.createSymbolicLink(share.resolve("outfile"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(share.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(share.resolve("relout"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(share.resolve("inlink"), share.resolve("sub/inside.txt"));

        Path got = server.dir().resolve("got-link.txt");
        for (String name : List.of("outfile", "outdir\\secret.txt", "etc\\passwd", "relout")) {
            Files.deleteIfExists(got);
            Cmd.Result r = smbclient("public", true, "get " + name + " " + got);
            assertTrue(r.output().contains("NT_STATUS_"), () -> name + " was served: " + r);
            assertTrue(!Files.exists(got) || Files.size(got) == 0, name + " leaked its content");
        }
        Cmd.Result put = smbclient("public", true, "put " + local("into-link.txt") + " outdir\\planted.txt");
        assertTrue(put.output().contains("NT_STATUS_"), put::toString);
        assertFalse(Files.exists(outside.resolve("planted.txt")), "a file was written outside the share");

        Cmd.Result ls = smbclient("public", true, "ls");
        assertWorks(ls);
        for (String hidden : List.of("outdir", "outfile", "etc", "relout")) {
            assertFalse(Pattern.compile("(?m)^\\s+" + hidden + "\\s").matcher(ls.output()).find(), hidden + " listed: " + ls);
        }
        // a link that stays inside the share works (so the refusals above are about leaving the share)
        assertTrue(Pattern.compile("(?m)^\\s+inlink\\s").matcher(ls.output()).find(), ls::toString);
        Files.deleteIfExists(got);
        assertWorks(smbclient("public", true, "get inlink " + got));
        assertEquals("inside\n", Files.readString(got));
    }

    @Test
    void clientsCannotCreateHardLinks() throws Exception {
        assumeImpacket();
        Path share = server.shareDir("public");
        Files.writeString(share.resolve("linksrc.txt"), "source");
        Path outside = server.dir().resolve("outside");
        Files.createDirectories(outside);
        for (String link : List.of("hardlink.txt", "..\\outside\\hardlink.txt", "\\..\\outside\\hardlink.txt")) {
            String r = py(true, "hardlink", "public", "linksrc.txt", link);
            assertNotEquals(OK, field(r, "status"), link + ": " + r);
        }
        assertFalse(Files.exists(share.resolve("hardlink.txt")));
        assertFalse(Files.exists(outside.resolve("hardlink.txt")));
        assertEquals(1, (int) Files.getAttribute(share.resolve("linksrc.txt"), "unix:nlink"));
    }

    // ---- (f) DH2C only by the handle's owner

    @Test
    void durableReclaimOnlyByTheOriginalUser() throws Exception {
        assumeImpacket();
        Path script = Path.of("src/test/python/ca_client.py").toAbsolutePath();
        String host = server.host();
        String port = String.valueOf(server.port());
        Process holder = new ProcessBuilder(PYTHON, script.toString(), host, port, "vmstore", ServerProcess.USER,
            ServerProcess.PASSWORD, "open", "dh.txt", "6f776e6564", "nolock", "60000").redirectErrorStream(true).start();
        String json;
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            json = r.readLine();
            assertTrue(json != null && json.startsWith("{"), "open failed: " + json);
        } finally {
            holder.destroyForcibly(); // the connection drops: the persistent handle waits for its owner
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        String fid = field(json, "fid");
        String cguid = field(json, "cguid");
        // other's DH2C, retried while the server has not yet seen the disconnect (FILE_NOT_AVAILABLE)
        String otherStatus = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Cmd.Result r = Cmd.run(Duration.ofSeconds(60), List.of(PYTHON, script.toString(), host, port, "vmstore",
                ServerProcess.OTHER_USER, ServerProcess.OTHER_PASSWORD, "reclaim", "dh.txt", fid, cguid));
            otherStatus = field(r.output(), "status");
            if (!"0xC0000466".equals(otherStatus)) break;
            Thread.sleep(200);
        }
        assertEquals(DENIED, otherStatus, "DH2C by another user");
        Cmd.Result mine = Cmd.run(Duration.ofSeconds(60), List.of(PYTHON, script.toString(), host, port, "vmstore",
            ServerProcess.USER, ServerProcess.PASSWORD, "reclaim", "dh.txt", fid, cguid));
        assertEquals(OK, field(mine.output(), "status"), () -> "the owner's DH2C after the refused one: " + mine);
        assertEquals("6f776e6564", field(mine.output(), "data"), mine::toString);
    }
}
