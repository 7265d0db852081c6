package dev.casmb.ha.admin.cli;

import dev.casmb.ha.admin.AdminException;
import dev.casmb.ha.admin.AuditSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandTreeTest {

    final List<AuditSink.AuditEvent> audit = new ArrayList<>();
    final AtomicReference<ParsedArgs> lastArgs = new AtomicReference<>();
    CommandTree tree;

    /** Captures output; errors go to a separate writer, as in exec mode. */
    static final class Ctx implements CommandContext {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final PrintWriter pout = new PrintWriter(out);
        final PrintWriter perr = new PrintWriter(err);
        @Override public String user() { return "admin"; }
        @Override public String sourceAddress() { return "127.0.0.9:4242"; }
        @Override public PrintWriter out() { return pout; }
        @Override public PrintWriter err() { return perr; }
        @Override public boolean interactive() { return false; }
        @Override public char[] readSecret(String prompt) { return null; }
    }

    @BeforeEach
    void setUp() {
        tree = new CommandTree(audit::add);
        tree.directory("storage", "Manage storage");
        tree.directory("storage failover", "Manage failover");
        tree.command("storage failover show", "Display failover status", false, List.of(), inv -> inv.out().println("shown"));
        tree.command("storage failover takeover", "Take over a node", true, List.of(
                OptionSpec.required("ofnode", "nodename", "Node to take over").completer(() -> List.of("node-a", "node-b")),
                OptionSpec.optional("option", "mode", "Takeover mode").values("normal", "immediate")),
                inv -> {
                    lastArgs.set(inv.args());
                    if (inv.args().get("ofnode").equals("bad")) throw new AdminException("node \"bad\" does not exist");
                    if (inv.args().get("ofnode").equals("boom")) throw new IllegalStateException("boom");
                });
        tree.directory("system", "Manage the system");
        tree.command("system secret", "Set a secret", true, List.of(
                OptionSpec.required("user-name", "user", "User"),
                OptionSpec.optional("password", "pw", "Password").asSecret(),
                OptionSpec.optional("aggregate-list", "aggr", "Aggregates").asList(),
                OptionSpec.optional("rows", "n", "Rows").ofType(OptionSpec.Type.INTEGER)),
                inv -> lastArgs.set(inv.args()));
    }

    int run(Ctx c, String line) {
        return tree.execute(line, c);
    }

    @Test
    void parsesOptionsAbbreviationsAndPositionals() {
        Ctx c = new Ctx();
        assertEquals(CommandTree.OK, run(c, "storage failover takeover -ofnode node-b -option immediate"));
        assertEquals("node-b", lastArgs.get().get("ofnode"));
        assertEquals("immediate", lastArgs.get().get("option"));
        assertEquals(CommandTree.OK, run(c, "stor fail tak -of node-a -opt IMMEDIATE"));
        assertEquals("node-a", lastArgs.get().get("ofnode"));
        assertEquals("immediate", lastArgs.get().get("option"));
        assertEquals(CommandTree.OK, run(c, "storage failover takeover node-b"));
        assertEquals("node-b", lastArgs.get().get("ofnode"));
        assertEquals(CommandTree.OK, run(c, "system secret -user-name \"Jane Doe\" -aggregate-list a1,a2 -rows 5"));
        assertEquals("Jane Doe", lastArgs.get().get("user-name"));
        assertEquals(List.of("a1", "a2"), lastArgs.get().list("aggregate-list"));
        assertEquals(5, lastArgs.get().integer("rows"));
        assertEquals("", c.err.toString());
    }

    @Test
    void clearErrors() {
        Ctx c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage failover takeover"));
        assertTrue(c.err.toString().startsWith("Error: missing required argument -ofnode for \"storage failover takeover\"\n"
                + "Usage: storage failover takeover -ofnode <nodename> [-option {normal|immediate}]\n"), c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage failover takeover -ofnode a -frobnicate 1"));
        assertTrue(c.err.toString().startsWith("Error: invalid argument \"-frobnicate\" for \"storage failover takeover\""), c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage failover takeover -ofnode a -option sideways"));
        assertEquals("Error: invalid value \"sideways\" for \"-option\"; valid values: normal, immediate\n", c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage failover takeover -ofnode -option normal"));
        assertEquals("Error: argument \"-ofnode\" needs a value: -ofnode <nodename>\n", c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage failover takeover -ofnode a -ofnode b"));
        assertEquals("Error: argument \"-ofnode\" was given more than once\n", c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "s failover show"));
        assertEquals("Error: \"s\" is ambiguous; it matches: storage, system\n", c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage frob show"));
        assertTrue(c.err.toString().startsWith("Error: \"frob\" is not a recognized command in \"storage\"\n"), c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "system secret -user-name x -rows many"));
        assertEquals("Error: invalid value \"many\" for \"-rows\"; an integer is expected\n", c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "system secret -user-name \"x"));
        assertEquals("Error: unterminated quote (\")\n", c.err.toString());

        c = new Ctx();
        assertEquals(CommandTree.USAGE, run(c, "storage failover"));
        assertTrue(c.err.toString().startsWith("Error: \"storage failover\" is a command directory; a subcommand is needed:\n"));
        assertTrue(c.err.toString().contains("takeover"));
        assertTrue(audit.isEmpty(), "parse errors are not audited");
    }

    @Test
    void failuresAreReadableAndAudited() {
        Ctx c = new Ctx();
        assertEquals(CommandTree.FAILED, run(c, "storage failover takeover -ofnode bad"));
        assertEquals("Error: command failed: node \"bad\" does not exist\n", c.err.toString());
        c = new Ctx();
        assertEquals(CommandTree.FAILED, run(c, "storage failover takeover -ofnode boom"));
        assertEquals("Error: command failed: internal error (IllegalStateException: boom)\n", c.err.toString());
        assertFalse(c.err.toString().contains("at dev.casmb"), "no stack trace");
        assertEquals(2, audit.size());
        AuditSink.AuditEvent e = audit.get(0);
        assertEquals("admin", e.user());
        assertEquals("127.0.0.9:4242", e.sourceAddress());
        assertEquals("storage failover takeover -ofnode bad", e.action());
        assertFalse(e.success());
        assertEquals("node \"bad\" does not exist", e.result());
    }

    @Test
    void onlyMutatingCommandsAreAuditedAndSecretsAreRedacted() {
        Ctx c = new Ctx();
        run(c, "storage failover show");
        assertTrue(audit.isEmpty());
        run(c, "sys sec -user-name bob -password Sup3r-Secret");
        assertEquals(1, audit.size());
        assertEquals("system secret -user-name bob -password ********", audit.get(0).action());
        assertTrue(audit.get(0).success());
        assertEquals("Sup3r-Secret", lastArgs.get().get("password"));
    }

    @Test
    void helpAtEveryLevel() {
        assertEquals("  storage>                     Manage storage\n"
                + "  system>                      Manage the system\n", tree.help(""));
        assertEquals("  failover>                    Manage failover\n", tree.help("storage"));
        assertEquals("  show                         Display failover status\n"
                + "  takeover                     Take over a node\n", tree.help("storage failover"));
        assertEquals("storage failover takeover: Take over a node\n"
                + "Usage: storage failover takeover -ofnode <nodename> [-option {normal|immediate}]\n"
                + "\n"
                + "   -ofnode <nodename>                  Node to take over\n"
                + "  [-option {normal|immediate}]         Takeover mode\n", tree.help("storage failover takeover"));
        assertEquals("  -ofnode <nodename>  Node to take over\n  Values: node-a, node-b\n",
                tree.help("storage failover takeover -ofnode"));
        Ctx c = new Ctx();
        assertEquals(CommandTree.OK, run(c, "storage ?"));
        assertEquals("  failover>                    Manage failover\n", c.out.toString());
        c = new Ctx();
        assertEquals(CommandTree.OK, run(c, "st?"));
        assertEquals("  storage>                     Manage storage\n", c.out.toString());
        c = new Ctx();
        assertEquals(CommandTree.OK, run(c, "help storage failover takeover"));
        assertTrue(c.out.toString().startsWith("storage failover takeover: Take over a node\n"));
        c = new Ctx();
        assertEquals(CommandTree.OK, run(c, "storage failover takeover -ofnode x ?"));
        assertTrue(c.out.toString().startsWith("storage failover takeover: Take over a node\n"));
    }

    @Test
    void completion() {
        assertEquals(List.of("storage", "system"), tree.complete("").candidates());
        assertEquals(List.of("storage"), tree.complete("sto").candidates());
        assertEquals("sto", tree.complete("sto").partial());
        assertEquals(List.of("show", "takeover"), tree.complete("storage failover ").candidates());
        assertEquals(List.of("-ofnode", "-option"), tree.complete("storage failover takeover -o").candidates());
        assertEquals(List.of("-option"), tree.complete("storage failover takeover -ofnode node-a ").candidates());
        assertEquals(List.of("node-a", "node-b"), tree.complete("storage failover takeover -ofnode ").candidates());
        assertEquals(List.of("node-b"), tree.complete("st fa tak -ofnode node-b").candidates());
        assertEquals(List.of("immediate"), tree.complete("storage failover takeover -option imm").candidates());
        assertEquals(List.of(), tree.complete("nothing ").candidates());
    }

    @Test
    void parseResultTypes() {
        assertInstanceOf(CommandTree.Ready.class, tree.parse("storage failover show"));
        assertInstanceOf(CommandTree.Help.class, tree.parse("storage ?"));
        assertInstanceOf(CommandTree.Error.class, tree.parse("storage failover show -x 1"));
        assertEquals(List.of("storage failover show", "storage failover takeover", "system secret"), tree.commandPaths());
    }
}
