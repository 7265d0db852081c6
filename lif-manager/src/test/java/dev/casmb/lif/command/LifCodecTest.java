package dev.casmb.lif.command;

import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LifCodecTest {

    static final LifLocation A = new LifLocation("node-a", "eth0");
    static final LifLocation B = new LifLocation("node-b", "eth1");

    static List<LifCommand> allCommands() {
        return List.of(
                new LifCommand.CreateSvm("svm1", "CASMB1", "casmb1.example.test"),
                new LifCommand.DeleteSvm("svm1"),
                new LifCommand.CreateLif("lif_a", "svm1", LifAddress.parse("10.77.0.100/24"), A,
                        FailoverPolicy.PARTNER, true),
                new LifCommand.CreateLif("lif_6", "svm1", LifAddress.parse("fd00::10/64"), B,
                        FailoverPolicy.DISABLED, false),
                new LifCommand.DeleteLif("lif_a"),
                new LifCommand.SetLifPolicy("lif_a", FailoverPolicy.DISABLED, false),
                new LifCommand.SetAdminStatus("lif_a", false),
                new LifCommand.RequestMove("lif_a", B, MoveReason.MIGRATE),
                new LifCommand.CompleteRelease("lif_a", "node-a"),
                new LifCommand.Takeover("lif_a", B, MoveReason.FAILOVER),
                new LifCommand.SetOperStatus("lif_a", "node-b", true),
                new LifCommand.PlumbFailed("lif_a", "node-b", "no such port é"),
                new LifCommand.PlumbFailed("lif_a", "node-b", null));
    }

    @Test
    void everyCommandRoundTrips() {
        for (LifCommand c : allCommands()) {
            byte[] bytes = LifCodec.encode(c);
            assertEquals(c, LifCodec.decodeCommand(bytes), c.toString());
            assertArrayEquals(bytes, LifCodec.encode(LifCodec.decodeCommand(bytes)));
        }
    }

    @Test
    void stateRoundTripsAfterEveryKindOfChange() {
        ClusterLifState s = ClusterLifState.EMPTY;
        s = LifStateMachine.apply(s, new LifCommand.CreateSvm("svm1", "CASMB1", "casmb1.example.test"));
        s = LifStateMachine.apply(s, new LifCommand.CreateLif("lif_a", "svm1", LifAddress.parse("10.77.0.100/24"), A,
                FailoverPolicy.PARTNER, true));
        s = LifStateMachine.apply(s, new LifCommand.CreateLif("lif_6", "svm1", LifAddress.parse("fd00::10/64"), A,
                FailoverPolicy.DISABLED, false));
        s = LifStateMachine.apply(s, new LifCommand.SetOperStatus("lif_a", "node-a", true));
        s = LifStateMachine.apply(s, new LifCommand.RequestMove("lif_a", B, MoveReason.MIGRATE)); // pending
        s = LifStateMachine.apply(s, new LifCommand.PlumbFailed("lif_6", "node-a", "boom"));
        byte[] bytes = LifCodec.encode(s);
        ClusterLifState back = LifCodec.decodeState(bytes);
        assertEquals(s, back);
        assertEquals(B, back.lif("lif_a").orElseThrow().pending());
        assertEquals("boom", back.lif("lif_6").orElseThrow().lastError());
        assertArrayEquals(bytes, LifCodec.encode(back));
        assertEquals(ClusterLifState.EMPTY, LifCodec.decodeState(LifCodec.encode(ClusterLifState.EMPTY)));
    }

    @Test
    void rejectsGarbage() {
        byte[] ok = LifCodec.encode(new LifCommand.DeleteLif("lif_a"));
        assertThrows(IllegalArgumentException.class, () -> LifCodec.decodeCommand(Arrays.copyOf(ok, ok.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> LifCodec.decodeCommand(Arrays.copyOf(ok, ok.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> LifCodec.decodeState(ok)); // wrong magic
        byte[] badTag = ok.clone();
        badTag[2] = 99;
        assertThrows(IllegalArgumentException.class, () -> LifCodec.decodeCommand(badTag));
    }
}
