package dev.casmb.smb.durable;

import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.DurableState;
import dev.casmb.smb.state.ExpiryBatch;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.PathResolver;
import dev.casmb.smb.vfs.Share;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns persistent-handle records into disconnected opens (restart, takeover): each is registered in the
 * open table on its file's node (so it blocks conflicting opens and keeps its byte-range locks and lease at
 * once) and is reclaimable for its full timeout from now. Built for 100 000 handles in well under a second:
 * each parent directory is resolved once, and read once instead of stat'ing each of its files once it holds
 * many handles ({@link RestorePaths}), files are not opened until a handle is reclaimed ({@link DurableHandles#openRestored}),
 * and handles with the same timeout share one expiry timer ({@link ExpiryBatch}).
 *
 * <p>Nothing here deletes a record: a record of a share not served here is another node's or waits for its share
 * (skipped); a handle whose file is gone is restored all the same under its recorded name, blocks that name, and
 * ends as any handle does (a reclaim finds the file gone and closes it, or it expires), through the store.
 */
final class HandleRestorer {
    private static final Logger log = LoggerFactory.getLogger(HandleRestorer.class);
    private final DurableHost server;
    private final DurableHandles durable;
    /** Shares about to be served (restore before serve), by lower-cased name. */
    private final Map<String, Share> staged = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<Integer, ExpiryBatch> batches = new HashMap<>();
    /** Parent directories resolved so far, by lower-cased share name and parent components. */
    private final Map<String, RestorePaths> parents = new HashMap<>();
    private final long now = System.currentTimeMillis();

    HandleRestorer(DurableHost server, DurableHandles durable, java.util.Collection<Share> staged) {
        this.server = server;
        this.durable = durable;
        for (Share s : staged) this.staged.put(s.name().toLowerCase(Locale.ROOT), s);
    }

    private Share share(String name) {
        Share s = staged.get(name.toLowerCase(Locale.ROOT));
        return s != null ? s : server.share(name);
    }

    /**
     * Restores {@code records} in one pass (a record is garbage once its open exists: the reload does not keep
     * 100 000 decoded records alive); returns how many are now open here (including those that already were).
     */
    int restore(Iterable<HandleRecord> records) throws IOException {
        int n = 0;
        for (HandleRecord r : records) {
            if (server.opens().byPersistentId(r.persistentId()) != null) {
                n++;
                continue;
            }
            Share share = share(r.share());
            if (share == null) continue; // not served here (yet): the record stays for whoever serves the share
            try {
                restoreOne(r, share, resolve(share, r));
                n++;
            } catch (RuntimeException | SmbException e) {
                log.error("persistent handle {} ({}:{}) cannot be restored: {}; it stays in the store", r.persistentId(),
                    r.share(), r.path(), e.toString());
            }
        }
        for (Map.Entry<Integer, ExpiryBatch> b : batches.entrySet()) durable.scheduleBatch(b.getValue(), b.getKey());
        return n;
    }

    /** The handle's file; where it is gone, the path its recorded name would have (lexically, inside the share). */
    private Path resolve(Share share, HandleRecord r) throws SmbException {
        List<String> comps = PathResolver.components(r.path());
        try {
            return resolveExisting(share, comps);
        } catch (SmbException gone) { // its directory is gone (or never resolved)
            Path p = share.root();
            for (String c : comps) p = share.vfs().child(p, c);
            log.warn("persistent handle {} ({}:{}): its file is gone ({}); restored under its name until reclaim or expiry",
                r.persistentId(), r.share(), r.path(), gone.toString());
            return p;
        }
    }

    /** The file in its existing parent directory, whether or not the file itself is still there. */
    private Path resolveExisting(Share share, List<String> comps) throws SmbException {
        if (comps.isEmpty()) return share.vfs().resolveDirectory(comps); // the share's root directory
        List<String> up = comps.subList(0, comps.size() - 1);
        String key = share.name().toLowerCase(Locale.ROOT) + '\0' + String.join("\\", up);
        RestorePaths dir = parents.get(key);
        if (dir == null) {
            dir = RestorePaths.of(share.vfs(), List.copyOf(up)); // a parent that is not there fails each of its records
            parents.put(key, dir);
        }
        try {
            return dir.resolve(comps.get(comps.size() - 1));
        } catch (IOException gone) {
            return dir.child(comps.get(comps.size() - 1)); // the directory is there, the file is not
        }
    }

    private void restoreOne(HandleRecord r, Share share, Path path) {
        Open o = server.opens().withNode(path, node -> {
            Open x = new Open(r.persistentId(), server.opens().newVolatileId(), null, node, r.directory(),
                r.grantedAccess(), r.shareAccess(), r.createOptions(), r.path());
            node.opens.add(x);
            return x;
        });
        server.opens().reservePersistentId(r.persistentId());
        server.opens().register(o);
        DurableState st = new DurableState(true, true, r.createGuid(), r.clientGuid(), r.timeoutMs(), same(r.owner()),
            same(r.share()));
        st.appInstanceId = r.appInstanceId();
        st.appInstanceVersionHigh = r.appInstanceVersionHigh();
        st.appInstanceVersionLow = r.appInstanceVersionLow();
        // what the open itself is checked by: cluster client failover (MS-SMB2 3.3.5.9.13) compares these
        o.clientGuid = r.clientGuid();
        o.appInstanceId = r.appInstanceId();
        o.appInstanceVersionHigh = r.appInstanceVersionHigh();
        o.appInstanceVersionLow = r.appInstanceVersionLow();
        o.channelSequence = r.channelSequence();
        // a handle whose file is gone must not delete whatever takes its name later
        o.deleteOnClose = r.deleteOnClose() && share.vfs().exists(path, false);
        if (r.deletePending()) o.node.deletePending = true;
        if (r.lockSequences() != null) System.arraycopy(r.lockSequences(), 0, st.lockSequences, 0, 64);
        o.durable = st;
        durable.indexCreateGuid(o, st);
        server.leases().restore(o, r.clientGuid(), r.leaseKey(), r.leaseState(), r.leaseEpoch(),
            r.leaseVersion(), r.parentLeaseKey());
        if (o.lease == null) server.oplocks().restore(o, r.oplockLevel());
        FileNode node = o.node;
        for (HandleRecord.LockRange l : r.locks()) node.locks.tryLock(o, l.offset(), l.length(), l.exclusive());
        st.disconnectedAt = now;
        batches.computeIfAbsent(st.timeoutMs, t -> new ExpiryBatch()).add(o, st);
    }

    /** One String per distinct owner and share name (100 000 handles usually name a handful). */
    private String same(String s) {
        return strings.computeIfAbsent(s, k -> k);
    }
}
