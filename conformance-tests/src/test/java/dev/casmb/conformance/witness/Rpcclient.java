package dev.casmb.conformance.witness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An interactive rpcclient process (commands on stdin, one pipe for all of them, so witness handles survive
 * between commands), with every output line time-stamped as it arrives. Every wait is bounded.
 */
final class Rpcclient implements AutoCloseable {
    record Line(String text, LocalTime at) {
    }

    private final Process p;
    private final Writer in;
    private final LinkedBlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();

    Rpcclient(String user, String password, String binding) throws IOException {
        p = new ProcessBuilder("rpcclient", "-U", user + "%" + password, binding).redirectErrorStream(true).start();
        in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(new Line(l, LocalTime.now()));
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "rpcclient-reader");
        t.setDaemon(true);
        t.start();
    }

    void send(String command) throws IOException {
        transcript.add("> " + command);
        in.write(command + "\n");
        in.flush();
    }

    /** The first line matching {@code p} within {@code max}, or null; earlier lines are kept in the transcript. */
    Line await(Predicate<String> match, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) return null;
            Line l = lines.poll(left, TimeUnit.NANOSECONDS);
            if (l == null) return null;
            transcript.add(l.text());
            if (match.test(l.text())) return l;
        }
    }

    /** Lines that arrive within {@code quiet} of each other (e.g. the body of a notification). */
    List<Line> drain(Duration quiet) throws InterruptedException {
        List<Line> out = new ArrayList<>();
        for (Line l; (l = lines.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null; ) {
            transcript.add(l.text());
            out.add(l);
        }
        return out;
    }

    String transcript() {
        return String.join("\n", transcript);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
