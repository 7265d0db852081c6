package dev.casmb.ha.admin.ssh;

import dev.casmb.ha.admin.cli.CommandContext;
import dev.casmb.ha.admin.cli.CommandTree;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One SSH channel of the admin shell: either an interactive shell (with the line editor) or one
 * command run non-interactively ({@code ssh admin@node 'storage failover show'}), whose exit status
 * is the command's ({@link CommandTree#OK}, {@link CommandTree#FAILED}, {@link CommandTree#USAGE}).
 */
final class AdminChannelCommand implements Command, Runnable {
    private static final Logger log = LoggerFactory.getLogger(AdminChannelCommand.class);

    private final CommandTree tree;
    private final ExecutorService executor;
    private final String execLine;        // null: interactive shell
    private final String prompt;
    private final String banner;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile boolean terminal;
    private volatile String user = "?";
    private volatile String source = "?";
    private volatile Future<?> task;
    private volatile boolean destroyed;

    AdminChannelCommand(CommandTree tree, ExecutorService executor, String execLine, String prompt, String banner) {
        this.tree = tree;
        this.executor = executor;
        this.execLine = execLine;
        this.prompt = prompt;
        this.banner = banner;
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ServerSession session = channel.getServerSession();
        user = session.getUsername();
        source = AdminServer.describe(session.getClientAddress());
        Map<?, ?> modes = env.getPtyModes();
        terminal = (modes != null && !modes.isEmpty()) || env.getEnv().containsKey(Environment.ENV_TERM);
        try {
            task = executor.submit(this);
        } catch (RejectedExecutionException e) {
            throw new IOException("admin server is shutting down", e);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        destroyed = true;
        Future<?> t = task;
        if (t != null) t.cancel(true);
    }

    @Override
    public void run() {
        String name = Thread.currentThread().getName();
        Thread.currentThread().setName("admin-" + (execLine == null ? "shell" : "exec") + "-" + user + "@" + source);
        int code = CommandTree.FAILED;
        OutputStream rawOut = terminal ? new CrlfOutputStream(out) : out;
        OutputStream rawErr = terminal ? new CrlfOutputStream(err) : err;
        PrintWriter pout = new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(rawOut), StandardCharsets.UTF_8), false);
        PrintWriter perr = execLine == null ? pout
                : new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(rawErr), StandardCharsets.UTF_8), false);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        LineEditor editor = new LineEditor(reader, pout, terminal, tree::complete, tree::help);
        CommandContext ctx = new CommandContext() {
            @Override public String user() { return user; }
            @Override public String sourceAddress() { return source; }
            @Override public PrintWriter out() { return pout; }
            @Override public PrintWriter err() { return perr; }
            @Override public boolean interactive() { return execLine == null || terminal; }
            @Override public char[] readSecret(String p) throws IOException {
                pout.flush();
                return interactive() ? editor.readSecret(p) : null;
            }
        };
        try {
            if (execLine != null) {
                log.debug("admin exec by {} from {}", user, source);
                code = tree.execute(execLine, ctx);
            } else {
                code = shell(editor, ctx, pout);
            }
        } catch (IOException e) {
            if (!destroyed) log.debug("admin channel of {} from {} ended: {}", user, source, e.toString());
        } catch (RuntimeException e) {
            log.error("admin channel of {} from {} failed", user, source, e);
            perr.println("Error: internal error in the admin shell");
        } finally {
            pout.flush();
            perr.flush();
            Thread.currentThread().setName(name);
            if (!destroyed) exit.onExit(code);
        }
    }

    private int shell(LineEditor editor, CommandContext ctx, PrintWriter pout) throws IOException {
        if (banner != null && !banner.isEmpty() && terminal) {
            pout.print(banner.endsWith("\n") ? banner : banner + "\n");
        }
        int last = CommandTree.OK;
        while (!destroyed && !Thread.currentThread().isInterrupted()) {
            String line = editor.readLine(prompt);
            if (line == null) break;
            String t = line.strip();
            if (t.equals("exit") || t.equals("quit") || t.equals("logout")) break;
            last = tree.execute(line, ctx);
            if (!terminal) pout.flush();
        }
        pout.flush();
        return terminal ? CommandTree.OK : last;      // a piped script gets its last command's status
    }
}
