package dev.casmb.lif.driver;

import java.time.Duration;
import java.util.List;

/** Runs an external command with a time limit. Replaceable in tests. */
@FunctionalInterface
public interface CommandRunner {

    /** Result of one command; {@code exitCode} is -1 if it timed out or could not start. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String output() {
            return (stderr.isBlank() ? stdout : stderr).trim();
        }
    }

    Result run(List<String> argv, Duration timeout);
}
