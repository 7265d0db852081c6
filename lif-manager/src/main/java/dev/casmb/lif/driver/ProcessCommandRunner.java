package dev.casmb.lif.driver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link CommandRunner} using {@link ProcessBuilder}; kills the process when the time limit is hit. */
public final class ProcessCommandRunner implements CommandRunner {

    private static final int MAX_OUTPUT = 64 * 1024;

    @Override
    public Result run(List<String> argv, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
            p.getOutputStream().close(); // no input
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + argv.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                return new Result(-1, "", String.join(" ", argv) + " timed out after " + timeout.toMillis() + " ms");
            }
            return new Result(p.exitValue(), out.get(2, TimeUnit.SECONDS), err.get(2, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        } catch (Exception e) {
            return new Result(p.exitValue(), "", "cannot read output: " + e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            byte[] all = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStreamSink.INSTANCE);
            return new String(all, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
