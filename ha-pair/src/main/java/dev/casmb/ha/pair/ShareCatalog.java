package dev.casmb.ha.pair;

import dev.casmb.ha.cluster.ShareDef;
import dev.casmb.ha.cluster.ShareTable;
import dev.casmb.ha.node.NodeConfig;
import dev.casmb.smb.config.ShareAcl;
import dev.casmb.smb.config.ShareConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The effective share set of the SVM: the shares of the node configuration file, overlaid by the share
 * changes replicated through the cluster state (a modify of a configured share keeps its path, read-only
 * flag and ACL; a delete is a tombstone that hides it), plus the shares created from the admin shell, whose
 * directories are relative to the node's base directory. Computed on each call from the local replica, so
 * both nodes see the same set once they have applied the same commands.
 */
public final class ShareCatalog {
    /**
     * One effective share: its configuration for the SMB server, its aggregate (null: on none), whether the
     * configuration file defines it, its replicated revision (0: never changed from the shell), and its path
     * as the admin shell shows it ({@code /aggr1/sql} under the base directory).
     */
    public record Entry(ShareConfig config, String aggregate, boolean configured, long revision, String displayPath) {
        public String name() { return config.name(); }
    }

    private final NodeConfig node;
    private final Supplier<Map<String, ShareTable.Entry>> replicated;

    public ShareCatalog(NodeConfig node, Supplier<Map<String, ShareTable.Entry>> replicated) {
        this.node = node;
        this.replicated = replicated;
    }

    /** Every effective share: configured ones in file order, then created ones by name. */
    public List<Entry> all() {
        Map<String, ShareTable.Entry> rep = replicated.get();
        List<Entry> out = new ArrayList<>();
        for (ShareConfig sc : node.smb().shares()) {
            ShareTable.Entry e = rep.get(key(sc.name()));
            if (e == null) {
                out.add(new Entry(sc, node.aggregateOf(sc.name()), true, 0, display(sc.path())));
            } else if (!e.deleted() && e.def().overlay()) {
                ShareDef d = e.def();
                ShareConfig c = new ShareConfig(sc.name(), sc.path(), sc.readOnly(), d.continuouslyAvailable(), d.encryptData(),
                    d.comment(), sc.acl());
                out.add(new Entry(c, node.aggregateOf(sc.name()), true, e.revision(), display(sc.path())));
            }
            // a tombstone hides it; a created share of the same name (after a delete) is added below
        }
        List<String> keys = new ArrayList<>(rep.keySet());
        keys.sort(null);
        for (String k : keys) {
            ShareTable.Entry e = rep.get(k);
            if (e.deleted() || e.def().overlay()) continue;
            ShareDef d = e.def();
            // never two shares of one name (only if the nodes' configuration files disagree)
            if (out.stream().anyMatch(x -> x.name().equalsIgnoreCase(d.name()))) continue;
            ShareConfig c = new ShareConfig(d.name(), node.baseDir().resolve(d.path()).normalize(), false,
                d.continuouslyAvailable(), d.encryptData(), d.comment(), ShareAcl.OPEN);
            out.add(new Entry(c, d.aggregate(), false, e.revision(), "/" + d.path()));
        }
        return out;
    }

    /** The effective share named {@code name} (any case), or null. */
    public Entry find(String name) {
        for (Entry e : all()) {
            if (e.name().equalsIgnoreCase(name)) return e;
        }
        return null;
    }

    /** The replicated revision of {@code name}, tombstones included (0: none): what a change must expect. */
    public long revision(String name) {
        ShareTable.Entry e = replicated.get().get(key(name));
        return e == null ? 0 : e.revision();
    }

    /** The aggregate a share lives on, or null (no such share, or on no aggregate). */
    public String aggregateOf(String share) {
        Entry e = find(share);
        return e == null ? null : e.aggregate();
    }

    /** The shares of an aggregate, as the SMB server serves them. */
    public List<ShareConfig> sharesOf(String aggregate) {
        List<ShareConfig> out = new ArrayList<>();
        for (Entry e : all()) {
            if (aggregate.equals(e.aggregate())) out.add(e.config());
        }
        return out;
    }

    public List<ShareConfig> configs() {
        return all().stream().map(Entry::config).toList();
    }

    private String display(Path p) {
        Path base = node.baseDir().toAbsolutePath().normalize();
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(base) || abs.equals(base)) return abs.toString();
        return "/" + base.relativize(abs).toString().replace(java.io.File.separatorChar, '/');
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
