package dev.casmb.conformance;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs an external program with a wall-clock bound and collects its combined output. */
public final class Cmd {
    private Cmd() {}

    /** Exit code (-1 when killed on timeout) and combined stdout+stderr. */
    public record Result(int exit, String output, boolean timedOut) {
        @Override
        public String toString() {
            return "exit=" + exit + (timedOut ? " (timed out)" : "") + "\n" + output;
        }
    }

    public static Result run(Duration timeout, List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = drain(p.getInputStream(), out, "cmd-output");
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        return new Result(done ? p.exitValue() : -1, text, !done);
    }

    /**
     * Copies a process's output into {@code out} (synchronized on it, so it can be read while the process
     * runs) on a daemon thread, until the stream ends or the process is killed.
     */
    public static Thread drain(InputStream in, ByteArrayOutputStream out, String threadName) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try (in) {
                for (int n; (n = in.read(b)) > 0; ) {
                    synchronized (out) {
                        out.write(b, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // process ended or was killed
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The program's path if it is on PATH (or an absolute path that exists). */
    public static Path which(String program) {
        if (program.startsWith("/")) return Files.isExecutable(Path.of(program)) ? Path.of(program) : null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Skips the calling test when {@code program} is missing; CI installs it (see .ci/run and run-tests.sh). */
    public static void assumeInstalled(String program, String debianPackage) {
        Assumptions.assumeTrue(which(program) != null,
            program + " is not installed: apt-get install -y " + debianPackage + " (run-tests.sh does this)");
    }
}
