package dev.casmb.conformance.ha;

import java.io.IOException;
import java.time.Duration;
import dev.casmb.ha.admin.ssh.SshExec;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/** Runs one admin shell command over SSH (as `ssh admin@node 'command'` would), with a bound. */
public final class AdminSsh {
    private static final Duration T = Duration.ofSeconds(60);

    private AdminSsh() {}

    public record Result(String out, String err, int status) {
        @Override
        public String toString() {
            return "exit " + status + "\n" + out + err;
        }
    }

    /**
     * An authenticated admin SSH session kept open, so that a command can be sent at a precise moment
     * (one exec channel per command, no connect or authentication on the way).
     */
    public static final class Session implements AutoCloseable {
        private final SshClient client;
        private final ClientSession session;

        private Session(SshClient client, ClientSession session) {
            this.client = client;
            this.session = session;
        }

        public Result run(String command) throws IOException {
            return exec(session, command);
        }

        @Override
        public void close() throws IOException {
            try {
                session.close();
            } finally {
                client.stop();
            }
        }
    }

    public static Session open(String host) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try {
            return new Session(client, SshExec.passwordSession(client, "admin", host, PairCluster.ADMIN_PORT, "Admin-Pass1", T));
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    private static Result exec(ClientSession s, String command) throws IOException {
        SshExec.Result r = SshExec.run(s, command, T);
        return new Result(r.out(), r.err(), r.status());
    }

    public static Result run(String host, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession s = SshExec.passwordSession(client, "admin", host, PairCluster.ADMIN_PORT, "Admin-Pass1", T)) {
            return exec(s, command);
        } finally {
            client.stop();
        }
    }

    /** {@code AdminSsh HOST COMMAND}: for running the client elsewhere, e.g. inside a network namespace. */
    public static void main(String[] args) throws IOException {
        Result r = run(args[0], args[1]);
        System.out.print(r.out());
        System.out.print(r.err());
        System.out.flush();
        System.exit(r.status() < 0 ? 255 : r.status());
    }
}
