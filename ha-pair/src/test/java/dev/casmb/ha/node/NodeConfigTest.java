package dev.casmb.ha.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.rpc.swn.WitnessConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    @TempDir Path dir;

    private NodeConfig load(String witness) throws IOException {
        Path f = dir.resolve("node.yaml");
        Files.writeString(f, "node: node-a\n" + (witness == null ? "" : "witness: " + witness + "\n"));
        return NodeConfig.load(f);
    }

    @Test
    void witnessRegistrationLimitsComeFromTheWitnessSection() throws IOException {
        WitnessConfig w = load("{epmPort: 1135, witnessPort: 0, maxRegistrations: 500, maxRegistrationsPerClient: 8}")
            .witnessConfig();
        assertEquals(500, w.maxRegistrations());
        assertEquals(8, w.maxRegistrationsPerClient());
        assertTrue(w.requireIntegrity(), "the rest keeps its defaults");
        WitnessConfig d = load(null).witnessConfig();
        assertEquals(WitnessConfig.defaults(), d);
    }

    @Test
    void badWitnessKeysAreConfigurationErrors() {
        IOException e = assertThrows(IOException.class, () -> load("{maxRegistrationsPerClinet: 8}"));
        assertTrue(e.getMessage().contains("unknown key 'maxRegistrationsPerClinet'"), e.getMessage());
        assertThrows(IOException.class, () -> load("{maxRegistrationsPerClient: 0}"));
    }
}
