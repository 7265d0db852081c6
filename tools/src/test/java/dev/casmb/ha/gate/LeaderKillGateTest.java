package dev.casmb.ha.gate;

import dev.casmb.ha.consensus.ConsensusFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small CI run of the leader-kill gate (docs/DESIGN.md "HA pair acceptance criteria"): three real member JVMs,
 * {@code casmb.gate.kills} (default 3) leader kills. Always asserts nothing acknowledged lost and none stuck. The
 * ≤ 1 s gap is asserted only with {@code -Dcasmb.gate.strict=true} (ha-pair/run-gate.sh): after the round-2 fixes one
 * 20-kill run had all gaps at 0.13–0.66 s, but the run just before it still had 1.05–1.41 s outliers on the loaded
 * 2-core box (see ha-pair/DESIGN-raft.md), so CI does not assert it yet.
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
