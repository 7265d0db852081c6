package dev.casmb.smb.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading persistent handles (restart, takeover) in bulk: every handle is on its file's node at once (it
 * blocks conflicting opens, keeps its locks), resolved exactly as a CREATE would resolve its name (also
 * case-insensitively in a directory that is listed rather than stat'ed), gone files are dropped from the
 * store, files are opened only when the handle is reclaimed, and the shared expiry timer closes only handles
 * that were not reclaimed.
 */
class HandleRestorerTest {
    @TempDir Path root;
    private ServerContext ctx;
    private final MapStore store = new MapStore();

    /** An in-memory store that records what was removed. */
    static final class MapStore implements HandleStore {
        final Map<Long, HandleRecord> records = new TreeMap<>();
        final List<Long> removed = new ArrayList<>();
        @Override public synchronized void put(HandleRecord r) { records.put(r.persistentId(), r); }
        @Override public synchronized void remove(long id) { removed.add(id); records.remove(id); }
        @Override public synchronized Collection<HandleRecord> loadAll() { return List.copyOf(records.values()); }
        @Override public void close() { }
    }

    private void start() throws IOException {
        ServerConfig cfg = ServerConfig.defaults("T", List.of(InetAddress.getLoopbackAddress()), 0,
            List.of(new ShareConfig("vm", root, false, true, false, "")));
        ctx = new ServerContext(cfg, UserDatabase.inMemory());
        ctx.durable().setStore(store);
    }

    @AfterEach
    void stop() {
        if (ctx != null) ctx.durable().shutdown();
    }

    private static HandleRecord record(long pid, String path, int timeoutMs, List<HandleRecord.LockRange> locks) {
        byte[] cguid = ByteBuffer.allocate(16).putLong(pid).putLong(~pid).array();
        byte[] client = ByteBuffer.allocate(16).putLong(7).putLong(8).array();
        return new HandleRecord(pid, cguid, client, "alice", "vm", path, 0x12019f, 1, 0, false, timeoutMs, null, 0, 0,
            null, 0, 0, 0, locks, new byte[64], 3);
    }

    @Test
    void manyHandlesInOneDirectoryAreRestoredOnTheirNodesCaseInsensitivelyAndGoneFilesDropped() throws Exception {
        Path dir = Files.createDirectories(root.resolve("Data"));
        int n = RestorePaths.LIST_AT + 50; // listed, not stat'ed one by one
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("f" + i + ".vhdx"), "x");
            store.put(record(1000 + i, "data\\f" + i + ".vhdx", 60_000, List.of()));
        }
        Files.writeString(dir.resolve("Mixed.VHDX"), "m");
        store.put(record(5000, "DATA\\mixed.vhdx", 60_000, List.of(new HandleRecord.LockRange(0, 10, true))));
        store.put(record(5001, "data\\gone.vhdx", 60_000, List.of()));
        store.put(record(5002, "nodir\\x.vhdx", 60_000, List.of()));
        start();

        assertEquals(n + 1, ctx.durable().restore());
        assertEquals(List.of(5001L, 5002L), store.removed);
        Open o = ctx.opens().byPersistentId(1007);
        assertNotNull(o);
        assertEquals(dir.resolve("f7.vhdx"), o.path());
        assertSame(o.node, ctx.opens().existingNode(dir.resolve("f7.vhdx")), "the disconnected handle is on its file's node");
        assertTrue(o.durable.isDisconnected());
        assertNull(o.channel, "the file is opened at reclaim, not at reload");
        Open mixed = ctx.opens().byPersistentId(5000);
        assertEquals(dir.resolve("Mixed.VHDX"), mixed.path(), "resolved like a CREATE: case-insensitive match on disk");
        assertEquals(1, mixed.node.locks.snapshot().size());
        assertSame(mixed, ctx.durable().byCreateGuid(ByteBuffer.allocate(16).putLong(5000).putLong(~5000L).array()));
        assertEquals(n + 1, ctx.durable().restore(), "a second reload finds them all open already");

        ctx.durable().openRestored(o);
        assertNotNull(o.channel);
        assertEquals(1, o.channel.size());
        o.channel.close();
    }

    @Test
    void fewHandlesPerDirectoryAreResolvedOneByOne() throws Exception {
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/One.txt"), "1");
        Files.writeString(root.resolve("top.txt"), "t");
        store.put(record(1, "A\\b\\one.TXT", 60_000, List.of()));
        store.put(record(2, "top.txt", 60_000, List.of()));
        store.put(record(3, "a\\b\\missing.txt", 60_000, List.of()));
        start();
        assertEquals(2, ctx.durable().restore());
        assertEquals(root.resolve("a/b/One.txt"), ctx.opens().byPersistentId(1).path());
        assertEquals(root.resolve("top.txt"), ctx.opens().byPersistentId(2).path());
        assertEquals(List.of(3L), store.removed);
    }

    @Test
    void reclaimOfAHandleWhoseFileIsGoneClosesIt() throws Exception {
        Files.writeString(root.resolve("v.vhdx"), "v");
        store.put(record(9, "v.vhdx", 60_000, List.of()));
        start();
        assertEquals(1, ctx.durable().restore());
        Open o = ctx.opens().byPersistentId(9);
        Files.delete(root.resolve("v.vhdx"));
        SmbException e = assertThrows(SmbException.class, () -> ctx.durable().openRestored(o));
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, e.status());
        assertTrue(o.closed);
        assertNull(ctx.opens().byPersistentId(9));
        assertEquals(List.of(9L), store.removed);
    }

    @Test
    void sharedExpiryTimerClosesOnlyHandlesNotReclaimed() throws Exception {
        Files.writeString(root.resolve("a.vhdx"), "a");
        Files.writeString(root.resolve("b.vhdx"), "b");
        store.put(record(21, "a.vhdx", 300, List.of()));
        store.put(record(22, "b.vhdx", 300, List.of()));
        start();
        assertEquals(2, ctx.durable().restore());
        Open a = ctx.opens().byPersistentId(21);
        Open b = ctx.opens().byPersistentId(22);
        assertSame(a.durable.expiryBatch, b.durable.expiryBatch, "one timer for handles reloaded with the same timeout");
        // reclaimed (what reattach does to the timer), then disconnected again with a long timeout of its own
        a.durable.cancelExpiry();
        a.durable.disconnectedAt = 0;
        a.durable.disconnectedAt = System.currentTimeMillis();
        long end = System.currentTimeMillis() + 5_000;
        while (!b.closed && System.currentTimeMillis() < end) Thread.sleep(20);
        assertTrue(b.closed, "the handle nobody reclaimed expired");
        Thread.sleep(100);
        assertTrue(!a.closed, "the reclaimed handle is not expired by the reload's timer");
        assertEquals(List.of(22L), store.removed);
    }
}
