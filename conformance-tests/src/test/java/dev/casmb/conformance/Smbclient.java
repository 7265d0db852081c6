package dev.casmb.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives Samba's smbclient against a {@link ServerProcess}. */
public final class Smbclient {
    private final ServerProcess server;
    private final String share;
    private final List<String> options;
    private final String user;
    private final String password;

    public Smbclient(ServerProcess server, String share, List<String> options) {
        this(server, share, options, ServerProcess.USER, ServerProcess.PASSWORD);
    }

    /** As {@code user} (e.g. {@link ServerProcess#OTHER_USER}) instead of the demo user. */
    public Smbclient(ServerProcess server, String share, List<String> options, String user, String password) {
        this.server = server;
        this.share = share;
        this.options = options;
        this.user = user;
        this.password = password;
    }

    /** Runs {@code commands} (smbclient's -c syntax, ';'-separated) and returns exit code and output. */
    public Cmd.Result run(Duration timeout, String commands) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("smbclient", "//" + server.host() + "/" + share,
            "-p", String.valueOf(server.port()), "-U", user + "%" + password));
        argv.addAll(options);
        argv.add("-c");
        argv.add(commands);
        return Cmd.run(timeout, argv);
    }

    public Cmd.Result run(String commands) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(60), commands);
    }
}
