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
 * case-insensitively in a directory that is listed rather than stat'ed), nothing is deleted from the store
 * (a gone file's handle is restored under its name, a record of a share not served here is skipped), files are
 * opened only when the handle is reclaimed, and the shared expiry timer closes only handles that were not reclaimed.
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
        if (ctx != null) ctx.close();
    }

    private static HandleRecord record(long pid, String path, int timeoutMs, List<HandleRecord.LockRange> locks) {
        byte[] cguid = ByteBuffer.allocate(16).putLong(pid).putLong(~pid).array();
        byte[] client = ByteBuffer.allocate(16).putLong(7).putLong(8).array();
        return new HandleRecord(pid, cguid, client, "alice", "vm", path, 0x12019f, 1, 0, false, timeoutMs, null, 0, 0,
            null, 0, 0, 0, locks, new byte[64], 3);
    }

    @Test
    void manyHandlesInOneDirectoryAreRestoredOnTheirNodesCaseInsensitivelyAndNothingIsDropped() throws Exception {
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

        assertEquals(n + 3, ctx.durable().restore());
        assertEquals(List.of(), store.removed, "the reload deletes no record");
        assertEquals(dir.resolve("gone.vhdx"), ctx.opens().byPersistentId(5001).path(), "a gone file's handle keeps its name");
        assertEquals(root.resolve("nodir").resolve("x.vhdx"), ctx.opens().byPersistentId(5002).path());
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
        assertEquals(n + 3, ctx.durable().restore(), "a second reload finds them all open already");

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
        assertEquals(3, ctx.durable().restore());
        assertEquals(root.resolve("a/b/One.txt"), ctx.opens().byPersistentId(1).path());
        assertEquals(root.resolve("top.txt"), ctx.opens().byPersistentId(2).path());
        assertEquals(List.of(), store.removed);
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

    private static HandleRecord v2(long pid, String path, int timeoutMs, int flags, int oplock, byte[] appInstance) {
        HandleRecord r = record(pid, path, timeoutMs, List.of());
        return new HandleRecord(pid, r.createGuid(), r.clientGuid(), r.owner(), r.share(), r.path(), r.grantedAccess(),
            r.shareAccess(), r.createOptions(), false, timeoutMs, appInstance, 0, 3, null, 0, 0, 0, List.of(), new byte[64], 3,
            flags, oplock, null, 17);
    }

    /**
     * docs/DESIGN.md "CA state survival fixes", reload at restart: a restart reloads before any share is served;
     * records it cannot place stay in the store.
     */
    @Test
    void recordsOfSharesNotServedStayInTheStoreAndStagedSharesAreRestoredBeforeTheyAreServed() throws Exception {
        Files.writeString(root.resolve("s.vhdx"), "s");
        store.put(record(31, "s.vhdx", 60_000, List.of()));
        HandleRecord elsewhere = new HandleRecord(32, new byte[16], new byte[16], "bob", "sqlstore", "db.mdf", 0x12019f, 0, 0,
            false, 60_000, null, 0, 0, null, 0, 0, 0, List.of(), new byte[64], 1);
        store.put(elsewhere);
        ServerConfig cfg = ServerConfig.defaults("T", List.of(InetAddress.getLoopbackAddress()), 0, List.of());
        ctx = new ServerContext(cfg, UserDatabase.inMemory());
        ctx.durable().setStore(store);
        assertEquals(0, ctx.durable().restore(), "no share served yet");
        assertEquals(List.of(), store.removed, "nothing dropped for want of a share");

        dev.casmb.smb.vfs.Share vm = ctx.stageShare(new ShareConfig("vm", root, false, true, false, ""));
        assertEquals(1, ctx.durable().restore(List.of(vm)));
        assertNull(ctx.share("vm"), "not served before its handles are back");
        assertNotNull(ctx.opens().byPersistentId(31), "the handle blocks conflicting opens from the first request on");
        ctx.publishShare(vm);
        assertSame(vm, ctx.share("vm"));
        assertEquals(List.of(), store.removed);
        assertEquals(elsewhere, store.records.get(32L));
    }

    /**
     * docs/DESIGN.md "CA state survival fixes", restored fields: delete flags, AppInstanceId, ClientGuid,
     * ChannelSequence and the oplock come back.
     */
    @Test
    void restoredOpenHasTheRecordedState() throws Exception {
        Files.writeString(root.resolve("doc.vhdx"), "d");
        Files.writeString(root.resolve("app.vhdx"), "a");
        byte[] app = new byte[16];
        app[0] = 0x42;
        store.put(v2(41, "doc.vhdx", 60_000, HandleRecord.FLAG_DELETE_ON_CLOSE | HandleRecord.FLAG_DELETE_PENDING, 0, null));
        store.put(v2(42, "app.vhdx", 60_000, 0, 9, app));
        store.put(v2(43, "gone.vhdx", 60_000, HandleRecord.FLAG_DELETE_ON_CLOSE, 0, null));
        start();
        assertEquals(3, ctx.durable().restore());
        Open doc = ctx.opens().byPersistentId(41);
        assertTrue(doc.deleteOnClose);
        assertTrue(doc.node.deletePending);
        Open a = ctx.opens().byPersistentId(42);
        assertEquals(9, a.oplockLevel, "BATCH oplock restored");
        org.junit.jupiter.api.Assertions.assertArrayEquals(app, a.appInstanceId);
        org.junit.jupiter.api.Assertions.assertArrayEquals(record(42, "x", 0, List.of()).clientGuid(), a.clientGuid);
        assertEquals(3, a.appInstanceVersionLow);
        assertEquals(17, a.channelSequence);
        assertTrue(!ctx.opens().byPersistentId(43).deleteOnClose, "a gone file's handle never deletes what takes its name");
        assertEquals(HandleRecord.FLAG_DELETE_ON_CLOSE | HandleRecord.FLAG_DELETE_PENDING, ctx.durable().record(doc).flags());
        assertEquals(9, ctx.durable().record(a).oplockLevel());
    }

    /**
     * docs/DESIGN.md "CA state survival fixes", no mutation while fenced: an expiry changes nothing while the node
     * may not change the share (fenced, not the owner).
     */
    @Test
    void expiryWaitsForTheOwnershipTokenAndThenDeletes() throws Exception {
        Path f = Files.writeString(root.resolve("fenced.vhdx"), "f");
        store.put(v2(51, "fenced.vhdx", 200, HandleRecord.FLAG_DELETE_ON_CLOSE, 0, null));
        start();
        java.util.concurrent.atomic.AtomicBoolean owner = new java.util.concurrent.atomic.AtomicBoolean(false);
        ctx.setMutationGuard(share -> owner.get());
        assertEquals(1, ctx.durable().restore());
        Open o = ctx.opens().byPersistentId(51);
        Thread.sleep(900);
        assertTrue(!o.closed && Files.exists(f), "not expired, not deleted, while the node may not change the data");
        assertEquals(List.of(), store.removed);
        owner.set(true);
        long end = System.currentTimeMillis() + 5_000;
        while (!o.closed && System.currentTimeMillis() < end) Thread.sleep(20);
        assertTrue(o.closed, "expired once the node owns the data again");
        assertTrue(!Files.exists(f), "delete-on-close applied");
        assertEquals(List.of(51L), store.removed);
    }

    /** A store that refuses the removal (ownership moved, quorum lost): the handle and its file stay. */
    @Test
    void expiryThatTheStoreRefusesKeepsTheHandle() throws Exception {
        Path f = Files.writeString(root.resolve("kept.vhdx"), "k");
        MapStore refusing = new MapStore();
        refusing.put(v2(61, "kept.vhdx", 100, HandleRecord.FLAG_DELETE_ON_CLOSE, 0, null));
        ServerConfig cfg = ServerConfig.defaults("T", List.of(InetAddress.getLoopbackAddress()), 0,
            List.of(new ShareConfig("vm", root, false, true, false, "")));
        ctx = new ServerContext(cfg, UserDatabase.inMemory());
        ctx.durable().setStore(new HandleStore() {
            @Override public void put(HandleRecord r) { refusing.put(r); }
            @Override public void remove(long id) throws IOException { throw new IOException("not the owner"); }
            @Override public Collection<HandleRecord> loadAll() { return refusing.loadAll(); }
            @Override public void close() { }
        });
        assertEquals(1, ctx.durable().restore());
        Open o = ctx.opens().byPersistentId(61);
        Thread.sleep(600);
        assertTrue(!o.closed, "the store still holds it, so does this node");
        assertTrue(Files.exists(f));
    }

    /** Expiry and reclaim: exactly one wins (under the open's monitor). */
    @Test
    void aReclaimedHandleCannotExpireAndAnExpiredOneCannotBeReclaimed() throws Exception {
        Files.writeString(root.resolve("r.vhdx"), "r");
        Files.writeString(root.resolve("e.vhdx"), "e");
        store.put(record(71, "r.vhdx", 60_000, List.of()));
        store.put(record(72, "e.vhdx", 60_000, List.of()));
        start();
        assertEquals(2, ctx.durable().restore());
        Open expired = ctx.opens().byPersistentId(72);
        assertTrue(ctx.closeIfDisconnected(expired));
        dev.casmb.smb.state.Session s = new dev.casmb.smb.state.Session(1);
        dev.casmb.smb.state.TreeConnect t = new dev.casmb.smb.state.TreeConnect(1, s, ctx.share("vm"), 0x1f01ff);
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, assertThrows(SmbException.class,
            () -> ctx.durable().reattach(expired, t)).status());
        Open reclaimed = ctx.opens().byPersistentId(71);
        ctx.durable().reattach(reclaimed, t);
        assertTrue(!ctx.closeIfDisconnected(reclaimed), "a reclaimed handle does not expire");
        assertTrue(!reclaimed.closed);
        assertEquals(List.of(72L), store.removed);
    }
}
