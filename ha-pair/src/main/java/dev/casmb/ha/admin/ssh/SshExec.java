package dev.casmb.ha.admin.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The client side of {@code ssh admin@node 'command'}: a password session and one command on an exec
 * channel, each step bounded. Used by the drill's {@code SshActions} and by the tests of the admin shell.
 */
public final class SshExec {
    private SshExec() {}

    /** A command's standard output, standard error and exit status (-1 when none came). */
    public record Result(String out, String err, int status) {
        @Override
        public String toString() {
            return "exit " + status + "\n" + out + err;
        }
    }

    /** Connects {@code client} as {@code user} and authenticates with {@code password}. */
    public static ClientSession passwordSession(SshClient client, String user, String host, int port, String password,
                                                Duration timeout) throws IOException {
        ClientSession s = client.connect(user, host, port).verify(timeout).getSession();
        try {
            s.addPasswordIdentity(password);
            s.auth().verify(timeout);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close(true);
            throw e;
        }
    }

    /** Runs {@code command}, its output into {@code out} and {@code err} (which may be the same stream); the exit status or null. */
    public static Integer run(ClientSession s, String command, OutputStream out, OutputStream err, Duration timeout)
        throws IOException {
        try (ChannelExec ch = s.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(timeout);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            return ch.getExitStatus();
        }
    }

    /** Runs {@code command} with standard output and error kept apart. */
    public static Result run(ClientSession s, String command, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Integer st = run(s, command, out, err, timeout);
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), st == null ? -1 : st);
    }
}
