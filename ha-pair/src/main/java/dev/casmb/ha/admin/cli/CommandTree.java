package dev.casmb.ha.admin.cli;

import dev.casmb.ha.admin.AdminException;
import dev.casmb.ha.admin.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An ONTAP-style command tree: directories ("storage", "storage failover") hold commands
 * ("storage failover show"), commands take {@code -name value} options. Words and option names may be
 * abbreviated to any unique prefix. {@code ?} (alone, or at the end of a word) prints help at any
 * level. {@link #complete} gives tab-completion candidates. {@link #execute} runs one line, prints
 * readable errors (never stack traces) and audits state-changing commands.
 *
 * <p>Exit codes: {@link #OK}, {@link #FAILED} (the command ran and failed), {@link #USAGE} (it did not
 * parse).
 */
public final class CommandTree {

    private static final Logger log = LoggerFactory.getLogger(CommandTree.class);

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** The body of a command. Throw {@link AdminException} for expected failures, {@link UsageException} for bad input. */
    @FunctionalInterface
    public interface Handler {
        void run(Invocation inv) throws Exception;
    }

    /** A usage error detected by a handler (shown as "Error: ...", exit code {@link #USAGE}). */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) { super(message); }
    }

    /** One invocation: parsed options plus the caller's context. */
    public record Invocation(String command, ParsedArgs args, CommandContext ctx) {
        public PrintWriter out() { return ctx.out(); }
    }

    /** A tree node: a directory (has children) or a command (has a definition). */
    public static final class Node {
        final String name;
        final String path;
        String description;
        final Map<String, Node> children = new TreeMap<>();
        Command command;

        Node(String name, String path, String description) {
            this.name = name;
            this.path = path;
            this.description = description;
        }

        public boolean isCommand() { return command != null; }
        public String path() { return path; }
        public String description() { return description; }
        public Collection<Node> children() { return children.values(); }
    }

    record Command(String description, List<OptionSpec> options, boolean mutating, Handler handler) {
        OptionSpec option(String name) {
            for (OptionSpec o : options) if (o.name().equals(name)) return o;
            return null;
        }
    }

    private final Node root = new Node("", "", "");
    private final AuditSink audit;

    public CommandTree(AuditSink audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    // ---------------------------------------------------------------------------------------------
    // registration

    /** Declares (or re-describes) a directory such as "storage failover". */
    public CommandTree directory(String path, String description) {
        Node n = node(path, true);
        if (n.isCommand()) throw new IllegalArgumentException(path + " is a command");
        n.description = description;
        return this;
    }

    /** Registers a command; {@code mutating} commands are audited. */
    public CommandTree command(String path, String description, boolean mutating, List<OptionSpec> options, Handler handler) {
        Node n = node(path, true);
        if (!n.children.isEmpty() || n.isCommand()) throw new IllegalArgumentException(path + " already registered");
        Map<String, OptionSpec> seen = new LinkedHashMap<>();
        for (OptionSpec o : options) {
            if (seen.put(o.name(), o) != null) throw new IllegalArgumentException("duplicate option -" + o.name() + " in " + path);
        }
        n.command = new Command(description, List.copyOf(options), mutating, Objects.requireNonNull(handler));
        n.description = description;
        return this;
    }

    private Node node(String path, boolean create) {
        Node cur = root;
        StringBuilder p = new StringBuilder();
        for (String w : path.trim().split("\\s+")) {
            if (p.length() > 0) p.append(' ');
            p.append(w);
            Node next = cur.children.get(w);
            if (next == null) {
                if (!create) return null;
                if (cur.isCommand()) throw new IllegalArgumentException(cur.path + " is a command, cannot hold " + w);
                next = new Node(w, p.toString(), "");
                cur.children.put(w, next);
            }
            cur = next;
        }
        return cur;
    }

    public Node root() {
        return root;
    }

    /** All command paths, sorted (for docs and tests). */
    public List<String> commandPaths() {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (n.isCommand()) out.add(n.path);
        for (Node c : n.children.values()) collect(c, out);
    }

    // ---------------------------------------------------------------------------------------------
    // parsing

    /** The outcome of parsing one line. */
    public sealed interface Parse permits Help, Error, Ready {}

    /** The line asked for help; print {@code text}. */
    public record Help(String text) implements Parse {}

    /** The line is wrong; {@code hint} (may be empty) is printed after the error. */
    public record Error(String message, String hint) implements Parse {}

    /** Ready to run; {@code redactedLine} is the canonical line with secrets replaced, for audit. */
    public record Ready(Node node, ParsedArgs args, String redactedLine) implements Parse {}

    private record Walk(Node node, int consumed, Parse stop) {}

    /** Walks directory words from the start of {@code words}; stops at a command, at '?', or at an error. */
    private Walk walk(List<String> words) {
        Node cur = root;
        int i = 0;
        while (i < words.size() && !cur.isCommand()) {
            String w = words.get(i);
            if (w.equals("?")) return new Walk(cur, i, new Help(directoryHelp(cur, "")));
            if (w.endsWith("?")) return new Walk(cur, i, new Help(directoryHelp(cur, w.substring(0, w.length() - 1))));
            List<Node> m = match(cur, w);
            if (m.isEmpty()) {
                String where = cur == root ? "" : " in \"" + cur.path + "\"";
                return new Walk(cur, i, new Error("\"" + w + "\" is not a recognized command" + where,
                        "Type \"" + (cur == root ? "" : cur.path + " ") + "?\" for the available commands."));
            }
            if (m.size() > 1) {
                return new Walk(cur, i, new Error("\"" + w + "\" is ambiguous; it matches: "
                        + String.join(", ", m.stream().map(n -> n.name).toList()), ""));
            }
            cur = m.get(0);
            i++;
        }
        return new Walk(cur, i, null);
    }

    private static List<Node> match(Node dir, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        Node exact = dir.children.get(w);
        if (exact != null) return List.of(exact);
        List<Node> out = new ArrayList<>();
        for (Node c : dir.children.values()) if (c.name.startsWith(w)) out.add(c);
        return out;
    }

    private static List<OptionSpec> matchOption(Command cmd, String name) {
        OptionSpec exact = cmd.option(name);
        if (exact != null) return List.of(exact);
        List<OptionSpec> out = new ArrayList<>();
        for (OptionSpec o : cmd.options()) if (o.name().startsWith(name)) out.add(o);
        return out;
    }

    public Parse parse(String line) {
        List<String> words;
        try {
            words = Tokenizer.split(line);
        } catch (Tokenizer.SyntaxException e) {
            return new Error(e.getMessage(), "");
        }
        return parse(words);
    }

    public Parse parse(List<String> words) {
        Walk w = walk(words);
        if (w.stop != null) return w.stop;
        Node node = w.node;
        if (!node.isCommand()) {
            if (node == root) return new Help(directoryHelp(root, ""));
            return new Error("\"" + node.path + "\" is a command directory; a subcommand is needed:", directoryHelp(node, ""));
        }
        Command cmd = node.command;
        Map<String, String> values = new LinkedHashMap<>();
        List<String> rest = words.subList(w.consumed, words.size());
        for (int i = 0; i < rest.size(); i++) {
            String t = rest.get(i);
            if (t.equals("?") || (t.endsWith("?") && t.startsWith("-"))) {
                // "-ofnode ?" shows that option's values
                if (t.equals("?") && i > 0 && rest.get(i - 1).startsWith("-")) {
                    List<OptionSpec> m = matchOption(cmd, rest.get(i - 1).substring(1));
                    if (m.size() == 1) return new Help(optionHelp(m.get(0)));
                }
                return new Help(commandHelp(node));
            }
            OptionSpec opt;
            String value;
            if (t.startsWith("-") && t.length() > 1) {
                String name = t.substring(1).toLowerCase(Locale.ROOT);
                List<OptionSpec> m = matchOption(cmd, name);
                if (m.isEmpty()) {
                    return new Error("invalid argument \"" + t + "\" for \"" + node.path + "\"", usageHint(node));
                }
                if (m.size() > 1) {
                    return new Error("argument \"" + t + "\" is ambiguous; it matches: "
                            + String.join(", ", m.stream().map(o -> "-" + o.name()).toList()), "");
                }
                opt = m.get(0);
                if (i + 1 >= rest.size() || isOptionWord(cmd, rest.get(i + 1))) {
                    return new Error("argument \"-" + opt.name() + "\" needs a value: " + opt.synopsis(), "");
                }
                value = rest.get(++i);
                if (value.equals("?")) return new Help(optionHelp(opt));
            } else {
                // positional: fills the next required option not yet given (ONTAP allows this)
                opt = null;
                for (OptionSpec o : cmd.options()) {
                    if (o.required() && !values.containsKey(o.name())) { opt = o; break; }
                }
                if (opt == null) return new Error("unexpected argument \"" + t + "\"", usageHint(node));
                value = t;
            }
            if (values.containsKey(opt.name())) {
                return new Error("argument \"-" + opt.name() + "\" was given more than once", "");
            }
            String bad = validate(opt, value);
            if (bad != null) return new Error(bad, "");
            values.put(opt.name(), normalize(opt, value));
        }
        List<String> missing = new ArrayList<>();
        for (OptionSpec o : cmd.options()) if (o.required() && !values.containsKey(o.name())) missing.add("-" + o.name());
        if (!missing.isEmpty()) {
            return new Error("missing required argument" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " for \"" + node.path + "\"", usageHint(node));
        }
        return new Ready(node, new ParsedArgs(values), redact(node, values));
    }

    private static boolean isOptionWord(Command cmd, String word) {
        if (!word.startsWith("-") || word.length() < 2) return false;
        String n = word.substring(1).toLowerCase(Locale.ROOT);
        if (Character.isDigit(n.charAt(0))) return false;      // -1 is a value
        return !matchOption(cmd, n).isEmpty();
    }

    private static String validate(OptionSpec o, String value) {
        List<String> parts = o.list() ? List.of(value.split(",", -1)) : List.of(value);
        for (String p : parts) {
            String v = p.trim();
            if (v.isEmpty()) return "argument \"-" + o.name() + "\" has an empty value";
            if (!o.allowedValues().isEmpty() && !o.allowedValues().contains(v.toLowerCase(Locale.ROOT))) {
                return "invalid value \"" + v + "\" for \"-" + o.name() + "\"; valid values: "
                        + String.join(", ", o.allowedValues());
            }
            if (o.type() == OptionSpec.Type.INTEGER) {
                try {
                    Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    return "invalid value \"" + v + "\" for \"-" + o.name() + "\"; an integer is expected";
                }
            }
        }
        return null;
    }

    private static String normalize(OptionSpec o, String value) {
        if (o.allowedValues().isEmpty()) return value;
        return value.toLowerCase(Locale.ROOT).replace(" ", "");
    }

    private static String redact(Node node, Map<String, String> values) {
        StringBuilder b = new StringBuilder(node.path);
        for (Map.Entry<String, String> e : values.entrySet()) {
            OptionSpec o = node.command.option(e.getKey());
            b.append(" -").append(e.getKey()).append(' ')
                    .append(o != null && o.secret() ? "********" : Tokenizer.quote(e.getValue()));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // help

    /** Help for a (possibly partial) line, as printed by '?' and by "help &lt;words&gt;". */
    public String help(String words) {
        Parse p = parse(words.isBlank() ? "?" : words.stripTrailing() + " ?");
        if (p instanceof Help h) return h.text();
        if (p instanceof Error e) return "Error: " + e.message() + "\n" + (e.hint().isEmpty() ? "" : e.hint() + (e.hint().endsWith("\n") ? "" : "\n"));
        return "";
    }

    String directoryHelp(Node dir, String prefix) {
        StringBuilder b = new StringBuilder();
        String p = prefix.toLowerCase(Locale.ROOT);
        for (Node c : dir.children.values()) {
            if (!c.name.startsWith(p)) continue;
            String label = c.name + (c.isCommand() ? "" : ">");
            b.append(String.format("  %-28s %s%n", label, c.description == null ? "" : c.description).replace("\r\n", "\n"));
        }
        if (b.length() == 0) return "  (no commands match \"" + prefix + "\")\n";
        return b.toString();
    }

    static String usage(Node node) {
        StringBuilder b = new StringBuilder(node.path);
        for (OptionSpec o : node.command.options()) {
            b.append(' ');
            b.append(o.required() ? o.synopsis() : "[" + o.synopsis() + "]");
        }
        return b.toString();
    }

    private static String usageHint(Node node) {
        return "Usage: " + usage(node);
    }

    String commandHelp(Node node) {
        Command c = node.command;
        StringBuilder b = new StringBuilder();
        b.append(node.path).append(": ").append(c.description()).append('\n');
        b.append("Usage: ").append(usage(node)).append('\n');
        if (!c.options().isEmpty()) {
            b.append('\n');
            for (OptionSpec o : c.options()) {
                String s = o.required() ? " " + o.synopsis() : "[" + o.synopsis() + "]";
                b.append(String.format("  %-36s %s%n", s, o.description() == null ? "" : o.description()).replace("\r\n", "\n"));
            }
        }
        return b.toString();
    }

    private static String optionHelp(OptionSpec o) {
        StringBuilder b = new StringBuilder();
        b.append("  ").append(o.synopsis()).append("  ").append(o.description() == null ? "" : o.description()).append('\n');
        List<String> c = o.candidates();
        if (!c.isEmpty()) b.append("  Values: ").append(String.join(", ", c)).append('\n');
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // completion

    /** Candidates for the word being typed ({@code partial}, possibly empty) at the end of {@code buffer}. */
    public record Completion(String partial, List<String> candidates) {}

    public Completion complete(String buffer) {
        List<String> words;
        try {
            words = Tokenizer.split(buffer);
        } catch (Tokenizer.SyntaxException e) {
            return new Completion("", List.of());
        }
        boolean fresh = buffer.isEmpty() || Character.isWhitespace(buffer.charAt(buffer.length() - 1));
        String partial = fresh || words.isEmpty() ? "" : words.get(words.size() - 1);
        List<String> done = fresh || words.isEmpty() ? words : words.subList(0, words.size() - 1);
        Walk w = walk(done);
        if (w.stop != null) return new Completion(partial, List.of());
        Node node = w.node;
        TreeSet<String> out = new TreeSet<>();
        String lp = partial.toLowerCase(Locale.ROOT);
        if (!node.isCommand()) {
            for (Node c : node.children.values()) if (c.name.startsWith(lp)) out.add(c.name);
            return new Completion(partial, List.copyOf(out));
        }
        Command cmd = node.command;
        List<String> rest = done.subList(w.consumed, done.size());
        TreeSet<String> used = new TreeSet<>();
        OptionSpec expecting = null;
        for (String t : rest) {
            if (expecting != null) {
                expecting = null;
                continue;
            }
            if (t.startsWith("-") && t.length() > 1) {
                List<OptionSpec> m = matchOption(cmd, t.substring(1).toLowerCase(Locale.ROOT));
                if (m.size() == 1) {
                    used.add(m.get(0).name());
                    expecting = m.get(0);
                }
            }
        }
        if (expecting != null) {
            String head = "";
            String tail = partial;
            if (expecting.list() && partial.contains(",")) {
                head = partial.substring(0, partial.lastIndexOf(',') + 1);
                tail = partial.substring(head.length());
            }
            for (String v : expecting.candidates()) if (v.startsWith(tail)) out.add(head + v);
            return new Completion(partial, List.copyOf(out));
        }
        if (partial.isEmpty() || partial.startsWith("-")) {
            String np = partial.isEmpty() ? "" : lp.substring(1);
            for (OptionSpec o : cmd.options()) {
                if (!used.contains(o.name()) && o.name().startsWith(np)) out.add("-" + o.name());
            }
        }
        return new Completion(partial, List.copyOf(out));
    }

    // ---------------------------------------------------------------------------------------------
    // execution

    /** Runs one line; returns {@link #OK}, {@link #FAILED} or {@link #USAGE}. */
    public int execute(String line, CommandContext ctx) {
        try {
            return doExecute(line, ctx);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    private int doExecute(String line, CommandContext ctx) {
        List<String> words;
        try {
            words = Tokenizer.split(line);
        } catch (Tokenizer.SyntaxException e) {
            ctx.err().println("Error: " + e.getMessage());
            return USAGE;
        }
        if (words.isEmpty()) return OK;
        if (words.get(0).equalsIgnoreCase("help") || words.get(0).equalsIgnoreCase("man")) {
            ctx.out().print(help(String.join(" ", words.subList(1, words.size()).stream().map(Tokenizer::quote).toList())));
            return OK;
        }
        Parse p = parse(words);
        if (p instanceof Help h) {
            ctx.out().print(h.text());
            return OK;
        }
        if (p instanceof Error e) {
            ctx.err().println("Error: " + e.message());
            if (!e.hint().isEmpty()) ctx.err().print(e.hint().endsWith("\n") ? e.hint() : e.hint() + "\n");
            return USAGE;
        }
        Ready r = (Ready) p;
        Command cmd = r.node().command;
        int code;
        String result;
        try {
            cmd.handler().run(new Invocation(r.node().path, r.args(), ctx));
            code = OK;
            result = "ok";
        } catch (UsageException e) {
            ctx.err().println("Error: " + e.getMessage());
            code = USAGE;
            result = e.getMessage();
        } catch (AdminException e) {
            ctx.err().println("Error: command failed: " + e.getMessage());
            code = FAILED;
            result = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.err().println("Error: command failed: interrupted");
            code = FAILED;
            result = "interrupted";
        } catch (Exception | LinkageError | AssertionError e) {
            log.error("admin command \"{}\" by {} from {} failed", r.redactedLine(), ctx.user(), ctx.sourceAddress(), e);
            String m = e.getMessage();
            result = "internal error (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
            ctx.err().println("Error: command failed: " + result);
            code = FAILED;
        }
        if (cmd.mutating()) {
            try {
                audit.record(new AuditSink.AuditEvent(Instant.now(), AuditSink.Kind.COMMAND, ctx.user(),
                        ctx.sourceAddress(), r.redactedLine(), code == OK, result));
            } catch (RuntimeException e) {
                log.warn("audit sink failed for \"{}\"", r.redactedLine(), e);
            }
        }
        return code;
    }
}
