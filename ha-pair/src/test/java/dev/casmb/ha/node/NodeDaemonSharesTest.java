package dev.casmb.ha.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.ha.events.EventLog;
import dev.casmb.lif.store.InMemoryLifStateStore;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.durable.LocalHandleStore;
import dev.casmb.smb.vfs.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node serves exactly the shares its aggregates should have, as share changes come and go. */
class NodeDaemonSharesTest {
    @TempDir Path dir;

    private ShareConfig share(String name, String path, boolean ca) {
        return new ShareConfig(name, dir.resolve(path), false, ca, false, null);
    }

    @Test
    void syncAddsUpdatesAndRemovesSharesOfOneAggregate() throws Exception {
        Path f = dir.resolve("node.yaml");
        Files.writeString(f, "node: node-a\npartner: node-b\nsmb:\n  users: [{name: demo, password: Demo-Pass1}]\n");
        NodeConfig c = NodeConfig.load(f);
        try (NodeDaemon d = new NodeDaemon(c, new InMemoryLifStateStore(), new LocalHandleStore(dir.resolve("h.log")), false,
            new EventLog("node-a"))) {
            ShareConfig vm = share("vmstore", "aggr1/vmstore", true);
            ShareConfig other = share("other", "aggr2/other", false);
            assertEquals(List.of("other"), d.syncShares("aggr2", List.of(other)).added());
            NodeDaemon.SyncResult r = d.syncShares("aggr1", List.of(vm, share("sql", "aggr1/sql", true)));
            assertEquals(List.of("vmstore", "sql"), r.added());
            assertTrue(d.isServing("SQL"));
            assertFalse(d.syncShares("aggr1", List.of(vm, share("sql", "aggr1/sql", true))).changed(), "nothing to do twice");

            Share before = d.smbContext().share("sql");
            r = d.syncShares("aggr1", List.of(vm, share("sql", "aggr1/sql", false)));
            assertEquals(List.of("sql"), r.updated());
            assertNotSame(before, d.smbContext().share("sql"));
            assertFalse(d.smbContext().share("sql").continuouslyAvailable(), "new tree connects see the change");

            // a share that cannot be served (its directory is a file) does not keep the others offline
            Files.writeString(dir.resolve("aggr1/file"), "x");
            r = d.syncShares("aggr1", List.of(vm, share("bad", "aggr1/file", false)));
            assertEquals(List.of("sql"), r.removed());
            assertEquals(1, r.failed().size(), r.toString());
            assertTrue(r.failed().get(0).startsWith("bad: "), r.toString());
            assertNull(d.smbContext().share("sql"));
            assertTrue(d.isServing("vmstore"));
            assertTrue(Files.isDirectory(dir.resolve("aggr1/sql")), "a removed share's directory stays");

            d.releaseAggregate("aggr1");
            assertFalse(d.isServing("vmstore"));
            assertTrue(d.isServing("other"), "another aggregate's shares are not touched");
        }
    }
}
