package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests inside an authenticated, signed session (bogus TreeId/FileId, MessageId outside the
 * credit window, unsigned request), sent with python3-impacket by {@code src/test/python/robust_auth.py}.
 */
class AuthenticatedRobustnessTest {
    /** Debian's python3 (where python3-impacket installs), else whatever python3 is on PATH. */
    private static String python() throws Exception {
        for (String p : List.of("/usr/bin/python3", "python3")) {
            if (Cmd.which(p) != null
                && Cmd.run(Duration.ofSeconds(30), List.of(p, "-c", "import impacket")).exit() == 0) return p;
        }
        return null;
    }

    @Test
    void errorsOrDropsAndOthersStillServed() throws Exception {
        String py = python();
        Assumptions.assumeTrue(py != null, "python3-impacket is not installed: apt-get install -y python3-impacket");
        try (ServerProcess server = ServerProcess.start("robust-auth")) {
            Cmd.Result r = Cmd.run(Duration.ofMinutes(3), List.of(py, Path.of("src/test/python/robust_auth.py").toString(),
                server.host(), String.valueOf(server.port()), ServerProcess.USER, ServerProcess.PASSWORD, "public"));
            System.out.println(r.output());
            assertTrue(server.isAlive(), () -> "server died:\n" + server.logTail());
            assertFalse(r.output().contains("FAIL "), () -> r + "\n--- server log:\n" + server.logTail());
            assertEquals(0, r.exit(), r::toString);
        }
    }
}
