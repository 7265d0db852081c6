package dev.casmb.ha.pair;

import dev.casmb.ha.admin.AdminException;
import dev.casmb.ha.cluster.ClusterClient;
import dev.casmb.ha.cluster.ClusterCommand;
import dev.casmb.ha.cluster.ClusterCommand.ShareOp;
import dev.casmb.ha.cluster.ShareDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code vserver cifs share create|modify|delete}: checks the request against the effective share set
 * ({@link ShareCatalog}) and the aggregates, then commits the change through the cluster's Raft state, so
 * that both nodes apply it, and it survives restarts, takeover and giveback. The node owning the share's
 * aggregate serves the change as it applies ({@link FailoverController#syncShares}); on this node the command
 * returns once that is done.
 */
final class ShareAdmin {
    private final Path baseDir;
    private final ShareCatalog catalog;
    private final ClusterClient cluster;
    private final Runnable applyLocally;

    /**
     * @param cluster null on a single node (no replicated state: changes are refused)
     * @param applyLocally brings this node's served shares in line after a committed change
     */
    ShareAdmin(Path baseDir, ShareCatalog catalog, ClusterClient cluster, Runnable applyLocally) {
        this.baseDir = baseDir;
        this.catalog = catalog;
        this.cluster = cluster;
        this.applyLocally = applyLocally;
    }

    private ClusterClient cluster() {
        if (cluster == null) {
            throw new AdminException("shares are changed through the HA pair's replicated state; this node runs without a "
                + "partner: edit smb.shares in its configuration file instead");
        }
        return cluster;
    }

    String create(String name, String path, Set<String> properties, String comment) {
        ClusterClient c = cluster();
        if (catalog.find(name) != null) throw new AdminException("share \"" + name + "\" already exists");
        String rel;
        try {
            rel = ShareDef.normalizePath(path);
        } catch (IllegalArgumentException e) {
            throw new AdminException(e.getMessage());
        }
        String aggr = ShareDef.aggregateOfPath(rel);
        Set<String> aggregates = c.state().aggregates().keySet();
        if (!aggregates.contains(aggr)) {
            throw new AdminException("path " + path + ": the first directory must be an aggregate; \"" + aggr
                + "\" is not one (aggregates: " + String.join(", ", new java.util.TreeSet<>(aggregates)) + ")");
        }
        ShareProperties.Settings s = ShareProperties.parse(properties == null ? Set.of() : properties);
        ShareDef def = new ShareDef(name, aggr, rel, s.continuouslyAvailable(), s.encryptData(), false, comment);
        try {
            def.validate(aggregates);
        } catch (IllegalArgumentException e) {
            throw new AdminException(e.getMessage());
        }
        Path dir = baseDir.resolve(rel).normalize();
        boolean created = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        directory(dir, rel, aggr);
        try {
            commit(new ClusterCommand.SetShare(ShareOp.CREATE, name, catalog.revision(name), def), "create");
        } catch (AdminException e) {
            if (created) deleteQuietly(dir);
            throw e;
        }
        return "Share " + name + " created on aggregate " + aggr + " (path /" + rel + (created ? ", new directory" : "")
            + ", " + ShareProperties.describe(s.continuouslyAvailable(), s.encryptData()) + "); "
            + owner(aggr) + " serves it.";
    }

    /** Creates the share's directory if missing; refuses a file, or a symbolic link out of the aggregate. */
    private void directory(Path dir, String rel, String aggr) {
        try {
            Files.createDirectories(dir);
            Path aggrRoot = baseDir.resolve(aggr).toRealPath();
            if (!dir.toRealPath().startsWith(aggrRoot)) {
                throw new AdminException("path /" + rel + " leads out of aggregate " + aggr + " (symbolic link): refused");
            }
            if (!Files.isDirectory(dir)) throw new AdminException("path /" + rel + " is not a directory");
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new AdminException("path /" + rel + " exists and is not a directory");
        } catch (IOException e) {
            throw new AdminException("cannot create the directory /" + rel + ": " + e);
        }
    }

    private static void deleteQuietly(Path emptyDir) {
        try {
            Files.deleteIfExists(emptyDir);
        } catch (IOException e) {
            // not empty or gone: leave it
        }
    }

    String modify(String name, String path, Set<String> properties, String comment) {
        ClusterClient c = cluster();
        ShareCatalog.Entry cur = catalog.find(name);
        if (cur == null) throw new AdminException("share \"" + name + "\" does not exist");
        if (path != null) {
            String want = path;
            try {
                want = "/" + ShareDef.normalizePath(path);
            } catch (IllegalArgumentException e) {
                // compared as given (e.g. a configured share outside the base directory)
            }
            if (!want.equals(cur.displayPath()) && !path.equals(cur.displayPath())) {
                throw new AdminException("the path of share " + cur.name() + " cannot be changed (it is " + cur.displayPath()
                    + "; its open and persistent handles name files relative to it): delete the share and create it again"
                    + " with the new path; its data stays on disk");
            }
        }
        boolean ca = cur.config().continuouslyAvailable();
        boolean enc = cur.config().encryptData();
        if (properties != null) {
            ShareProperties.Settings s = ShareProperties.parse(properties);
            ca = s.continuouslyAvailable();
            enc = s.encryptData();
        }
        String newComment = comment != null ? comment : cur.config().comment();
        ShareDef def = cur.configured()
            ? ShareDef.overlay(cur.name(), ca, enc, newComment)
            : new ShareDef(cur.name(), cur.aggregate(), cur.displayPath().substring(1), ca, enc, false, newComment);
        try {
            def.validate(c.state().aggregates().keySet());
        } catch (IllegalArgumentException e) {
            throw new AdminException(e.getMessage());
        }
        commit(new ClusterCommand.SetShare(ShareOp.MODIFY, cur.name(), catalog.revision(cur.name()), def), "modify");
        return "Share " + cur.name() + " modified (" + ShareProperties.describe(ca, enc) + "); new tree connects see the change, "
            + "clients already connected keep the previous properties until they reconnect.";
    }

    String delete(String name) {
        cluster();
        ShareCatalog.Entry cur = catalog.find(name);
        if (cur == null) throw new AdminException("share \"" + name + "\" does not exist");
        commit(new ClusterCommand.SetShare(ShareOp.DELETE, cur.name(), catalog.revision(cur.name()), null), "delete");
        return "Share " + cur.name() + " deleted: no longer served, its open files closed; the directory " + cur.displayPath()
            + " and its data are kept.";
    }

    private void commit(ClusterCommand.SetShare cmd, String what) {
        try {
            cluster.commit(cmd);
        } catch (IOException e) {
            throw new AdminException("share " + what + " failed: " + reason(e));
        }
        applyLocally.run();
    }

    /** The state machine's own reason without the transport's prefixes. */
    static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("IllegalStateException: ");
        return i >= 0 ? m.substring(i + "IllegalStateException: ".length()) : m;
    }

    private String owner(String aggregate) {
        var a = cluster.state().aggregates().get(aggregate);
        return a == null ? "no node" : "node " + a.owner();
    }
}
