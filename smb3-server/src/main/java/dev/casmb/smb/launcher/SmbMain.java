package dev.casmb.smb.launcher;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ConfigLoader;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.config.ServerFiles;
import dev.casmb.smb.durable.LocalHandleStore;
import dev.casmb.smb.transport.SmbServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** Single-node SMB server command line: {@code serve} and {@code useradd}. */
@Command(name = "casmb-smb", mixinStandardHelpOptions = true, subcommands = {SmbMain.Serve.class, SmbMain.UserAdd.class},
    description = "Continuously-available SMB 3 server (single node)")
public final class SmbMain {
    public static void main(String[] args) {
        dev.casmb.smb.transport.NettyTuning.apply();
        System.exit(new CommandLine(new SmbMain()).execute(args));
    }

    /** Loads users: the NT-hash file if configured, plus demo users whose passwords are in the config. */
    public static UserDatabase loadUsers(Map<String, Object> yaml, Path base) throws java.io.IOException {
        UserDatabase db;
        Object f = yaml.get("usersFile");
        if (f != null && ServerFiles.exists(base.resolve(String.valueOf(f)))) {
            db = UserDatabase.load(base.resolve(String.valueOf(f)));
        } else {
            db = UserDatabase.inMemory();
        }
        Object demo = yaml.get("users");
        if (demo instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> u = (Map<?, ?>) o;
                db.addUser(String.valueOf(u.get("name")), String.valueOf(u.get("password")));
            }
        }
        return db;
    }

    @Command(name = "serve", description = "Serve SMB with the given configuration until interrupted")
    static final class Serve implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, description = "YAML configuration file")
        Path config;
        @Option(names = "--port", description = "override the listen port")
        Integer port;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> yaml = ConfigLoader.readYaml(config);
            Path base = config.toAbsolutePath().getParent();
            ServerConfig cfg = ConfigLoader.parse(yaml, base);
            if (port != null) cfg = cfg.withPort(port);
            ServerContext ctx = new ServerContext(cfg, loadUsers(yaml, base));
            Path state = cfg.stateDir() != null ? cfg.stateDir() : base.resolve("state");
            CountDownLatch stop = new CountDownLatch(1);
            // closed in reverse: the listener, then the server's timers (break timeouts, expiries), then the store
            try (LocalHandleStore store = new LocalHandleStore(state.resolve("handles.log"));
                 ServerContext timers = ctx;
                 SmbServer server = new SmbServer(ctx)) {
                ctx.durable().setStore(store);
                ctx.durable().restore();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                System.out.println("serving " + cfg.shares().size() + " share(s); Ctrl-C to stop");
                stop.await();
            }
            return 0;
        }
    }

    @Command(name = "useradd", description = "Add or update a local SMB user (NT hash only is stored, file mode 0600)")
    static final class UserAdd implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "user database file")
        Path db;
        @Parameters(index = "0", description = "user name")
        String name;
        @Option(names = "--password-stdin", description = "read the password from standard input")
        boolean stdin;

        @Override
        public Integer call() throws Exception {
            String pw;
            if (stdin || System.console() == null) {
                pw = new BufferedReader(new InputStreamReader(System.in)).readLine();
            } else {
                pw = new String(System.console().readPassword("Password for %s: ", name));
            }
            if (pw == null || pw.isEmpty()) {
                System.err.println("empty password refused");
                return 2;
            }
            UserDatabase u = ServerFiles.exists(db) ? UserDatabase.load(db) : UserDatabase.inMemory();
            u.addUser(name, pw);
            u.save(db);
            System.out.println("user " + name + " saved to " + db);
            return 0;
        }
    }
}
