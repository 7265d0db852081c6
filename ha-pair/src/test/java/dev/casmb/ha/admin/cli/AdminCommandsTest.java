package dev.casmb.ha.admin.cli;

import dev.casmb.ha.admin.FakeAdminBackend;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminCommandsTest {

    final FakeAdminBackend backend = new FakeAdminBackend();
    final CommandTree tree = AdminCommands.createTree(backend, backend);

    static final class Ctx implements CommandContext {
        final StringWriter buf = new StringWriter();
        final PrintWriter w = new PrintWriter(buf);
        final boolean interactive;
        final Deque<String> answers = new ArrayDeque<>();
        Ctx(boolean interactive, String... answers) {
            this.interactive = interactive;
            this.answers.addAll(List.of(answers));
        }
        @Override public String user() { return "admin"; }
        @Override public String sourceAddress() { return "127.0.0.9:4242"; }
        @Override public PrintWriter out() { return w; }
        @Override public PrintWriter err() { return w; }
        @Override public boolean interactive() { return interactive; }
        @Override public char[] readSecret(String prompt) {
            w.print(prompt);
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }
        String text() { w.flush(); return buf.toString(); }
    }

    String run(String line, int expectedCode) {
        Ctx c = new Ctx(false);
        assertEquals(expectedCode, tree.execute(line, c), () -> line + " -> " + c.text());
        return c.text();
    }

    @Test
    void everyCommandOfTheIssueIsRegistered() {
        List<String> paths = tree.commandPaths();
        for (String p : List.of("cluster show", "storage failover show", "storage failover takeover",
                "storage failover giveback", "storage aggregate show", "storage aggregate relocation start",
                "network interface show", "network interface migrate", "network interface revert",
                "vserver cifs share show", "vserver cifs share create", "vserver cifs share modify",
                "vserver cifs share delete", "vserver cifs share access-control show", "vserver cifs session show", "vserver cifs open show",
                "vserver cifs witness show", "vserver cifs users-and-groups local-user create",
                "vserver cifs users-and-groups local-user delete", "vserver cifs users-and-groups local-user set-password",
                "event log show", "system node upgrade-drill")) {
            assertTrue(paths.contains(p), p);
        }
    }

    @Test
    void takeoverAndGivebackAreReflectedInShow() {
        assertEquals(""
                + "               Takeover\n"
                + "Node   Partner Possible State Description\n"
                + "------ ------- -------- -------------------\n"
                + "node-a node-b  true     Connected to node-b\n"
                + "node-b node-a  true     Connected to node-a\n"
                + "\n"
                + "2 entries were displayed.\n", run("storage failover show", 0));
        run("storage failover takeover -ofnode node-a", 0);
        String show = run("storage failover show", 0);
        assertTrue(show.contains("node-a node-b  false    Waiting for giveback"), show);
        assertTrue(show.contains("node-b node-a  false    In takeover"), show);
        String opens = run("vserver cifs open show -state disconnected", 0);
        assertTrue(opens.contains("persistent disconnected"), opens);
        assertTrue(run("network interface show", 0).contains("lif_a     up/up      127.0.0.61/8 node-b"));
        assertTrue(run("storage failover takeover -ofnode node-a", 1).startsWith("Error: command failed: node node-a is already taken over"));
        run("storage failover giveback -ofnode node-a", 0);
        assertTrue(run("storage failover show", 0).contains("node-a node-b  true     Connected to node-b"));
        assertEquals("There are no entries matching your query.\n", run("vserver cifs open show -state disconnected", 0));
        String events = run("event log show -event ha.", 0);
        assertTrue(events.contains("ha.takeover.started"), events);
        assertTrue(events.contains("ha.giveback.finished"), events);
        String audit = run("event log show -event admin.command", 0);
        assertTrue(audit.contains("admin@127.0.0.9:4242: storage failover takeover -ofnode node-a -> ok"), audit);
        assertTrue(audit.contains("node node-a is already taken over"), audit);
    }

    @Test
    void aggregatesLifsSharesUsers() {
        run("storage aggregate relocation start -node node-a -destination node-b -aggregate-list aggr1_a", 0);
        assertTrue(run("storage aggregate show -node node-b", 0).contains("aggr1_a"));
        assertTrue(run("storage aggregate relocation start -node node-a -destination node-b -aggregate-list nope", 1)
                .contains("aggregate \"nope\" does not exist"));
        run("network interface migrate -lif lif_b -destination-node node-a", 0);
        assertTrue(run("network interface show -lif lif_b", 0).contains("node-a  lo      false"));
        run("network interface revert -lif lif_b", 0);
        assertTrue(run("network interface show -lif lif_b", 0).contains("node-b  lo      true"));

        run("vserver cifs share create -share-name docs -path /vol/docs -share-properties continuously-available,oplocks", 0);
        assertTrue(run("vserver cifs share show -share-name docs", 0).contains("docs  /vol/docs continuously-available,oplocks"));
        assertTrue(run("vserver cifs share create -share-name docs -path /x -share-properties bogus", 2)
                .startsWith("Error: invalid value \"bogus\" for \"-share-properties\""));
        assertTrue(run("vserver cifs share modify -share-name docs", 2).startsWith("Error: nothing to modify"));
        run("vserver cifs share modify -share-name docs -share-properties browsable", 0);
        assertTrue(run("vserver cifs share show -share-name docs", 0).contains("/vol/docs browsable"));
        assertTrue(run("vserver cifs share access-control show -share docs", 0)
                .contains("docs  Authenticated Users group Full_Control"));
        run("vserver cifs share delete -share-name docs", 0);
        assertTrue(run("vserver cifs share delete -share-name docs", 1).contains("share \"docs\" does not exist"));

        assertTrue(run("vserver cifs users-and-groups local-user create -user-name bob", 2)
                .startsWith("Error: -password is required in a non-interactive session"));
        run("vserver cifs users-and-groups local-user create -user-name bob -password Passw0rd!x", 0);
        assertTrue(backend.passwordIs("bob", "Passw0rd!x"));
        Ctx c = new Ctx(true, "N3w-Passw0rd", "N3w-Passw0rd");
        assertEquals(0, tree.execute("vserver cifs users-and-groups local-user set-password -user-name bob", c), c.text());
        assertTrue(backend.passwordIs("bob", "N3w-Passw0rd"));
        c = new Ctx(true, "N3w-Passw0rd", "different1");
        assertEquals(1, tree.execute("vserver cifs users-and-groups local-user set-password -user-name bob", c));
        assertTrue(c.text().endsWith("Error: command failed: the passwords do not match\n"), c.text());
        String events = run("event log show -event admin.command", 0);
        assertTrue(events.contains("-password ********"), events);
        assertFalse(events.contains("Passw0rd"), events);
        run("vserver cifs users-and-groups local-user delete -user-name bob", 0);
    }

    @Test
    void showCommandsRender() {
        for (String cmd : List.of("cluster show", "storage aggregate show", "network interface show",
                "vserver cifs share show", "vserver cifs session show", "vserver cifs open show",
                "vserver cifs witness show", "vserver cifs users-and-groups local-user show", "event log show -rows 3")) {
            String out = run(cmd, 0);
            assertTrue(out.contains("---"), cmd + ":\n" + out);
        }
        assertTrue(run("system node upgrade-drill -kill true", 0).contains("kill -9 of node-a"));
    }
}
