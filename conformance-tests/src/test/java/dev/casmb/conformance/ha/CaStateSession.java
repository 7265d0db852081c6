package dev.casmb.conformance.ha;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One src/test/python/ca_state.py process (python3-impacket): one SMB connection with a tree connect on one share;
 * one JSON command per line in, one JSON line out. {@link #drop()} kills the process, so the server sees the
 * connection go away without CLOSE or LOGOFF (the handles await reclaim). Shared by the CA state tests.
 */
class CaStateSession {
    private static final String PY = "/usr/bin/python3";
    final Process process;
    /** The script's first line: the connection's status, ClientGuid and so on. */
    final String hello;
    final String host;
    private final long replyMs;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer other = new StringBuffer();

    /** Waits up to {@code helloMs} for the script's first line; each command waits up to {@code replyMs}. */
    CaStateSession(Process p, String host, long helloMs, long replyMs) throws InterruptedException {
        this.process = p;
        this.host = host;
        this.replyMs = replyMs;
        this.in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith("{")) lines.add(l);
                    else other.append(l).append('\n');
                }
            } catch (IOException e) {
                // process gone
            }
        }, "ca_state " + host);
        t.setDaemon(true);
        t.start();
        String h = lines.poll(helloMs, TimeUnit.MILLISECONDS);
        this.hello = h != null ? h : "{\"status\":\"no-hello\",\"output\":\"" + otherOutput() + "\"}";
    }

    /**
     * Starts the script for {@code share} on {@code host}; {@code seed} (or null) seeds its ClientGuid, {@code
     * pyTimeoutSeconds} (or null: the script's default) bounds its connect and reply waits (CA_STATE_TIMEOUT).
     */
    static Process launch(String host, int port, String share, String seed, String pyTimeoutSeconds) throws IOException {
        Path script = Paths.get("src", "test", "python", "ca_state.py").toAbsolutePath();
        List<String> a = new ArrayList<>(List.of(PY, script.toString(), host, Integer.toString(port), share,
            PairCluster.USER, PairCluster.PASSWORD, "session"));
        if (seed != null) a.add(seed);
        ProcessBuilder pb = new ProcessBuilder(a).redirectErrorStream(true);
        if (pyTimeoutSeconds != null) pb.environment().put("CA_STATE_TIMEOUT", pyTimeoutSeconds);
        return pb.start();
    }

    private String otherOutput() {
        return other.toString().replace('"', '\'').replace('\n', ' ');
    }

    void send(String json) throws IOException {
        in.write(json + "\n");
        in.flush();
    }

    String recv(long ms) throws InterruptedException {
        String l = lines.poll(ms, TimeUnit.MILLISECONDS);
        if (l != null) return l;
        return "{\"status\":\"timeout\",\"alive\":\"" + process.isAlive() + "\",\"output\":\"" + otherOutput() + "\"}";
    }

    /** One command and its reply (a JSON status "session-gone" or "timeout" when the script cannot answer). */
    String cmd(String json) throws InterruptedException {
        try {
            send(json);
        } catch (IOException e) {
            return "{\"status\":\"session-gone\",\"error\":\"" + e.toString().replace('"', '\'') + "\"}";
        }
        String r = recv(replyMs);
        onReply(r);
        return r;
    }

    /** Every reply of {@link #cmd}, for a subclass that counts them. */
    protected void onReply(String reply) {
    }

    /** Kills the client: the server sees the TCP connection close with the handles still open. */
    void drop() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
