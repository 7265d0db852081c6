package dev.casmb.ha.cluster;

import dev.casmb.ha.consensus.CorruptDataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replicated share changes made from the admin shell, by lower-cased share name: the current definition, or
 * a tombstone once deleted (which also hides a share of the configuration file), with a revision that every
 * change increments. Each change names the revision its admin saw, so that of two concurrent changes of one
 * share (from both nodes' shells) the second is refused instead of silently undoing the first. Not thread-safe:
 * {@link ClusterStateMachine} serialises access.
 */
public final class ShareTable {
    /** One share's replicated entry: {@code def} is null for a deleted share. */
    public record Entry(String name, ShareDef def, long revision) {
        public boolean deleted() { return def == null; }
    }

    static final int MAX_SHARES = 100_000;
    private final TreeMap<String, Entry> entries = new TreeMap<>();

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    Entry get(String name) {
        return entries.get(key(name));
    }

    Map<String, Entry> copy() {
        return Map.copyOf(entries);
    }

    /** Validates and applies one change; throws IllegalStateException, changing nothing, if it does not fit. */
    Entry apply(ClusterCommand.SetShare s, Set<String> aggregates) {
        Entry cur = entries.get(key(s.name()));
        long rev = cur == null ? 0 : cur.revision();
        if (rev != s.expectedRevision()) {
            throw new IllegalStateException("share " + s.name() + " was changed by another admin command meanwhile (revision "
                + rev + ", expected " + s.expectedRevision() + "); show it again and retry");
        }
        boolean live = cur != null && !cur.deleted();
        switch (s.op()) {
            case CREATE -> {
                if (s.def() == null) throw new IllegalStateException("create of share " + s.name() + " without a definition");
                // a live overlay whose configured share is gone from the configuration file may be replaced
                if (live && !cur.def().overlay()) throw new IllegalStateException("share " + s.name() + " already exists");
                if (s.def().overlay()) throw new IllegalStateException("a created share cannot be an overlay");
            }
            case MODIFY -> {
                if (s.def() == null) throw new IllegalStateException("modify of share " + s.name() + " without a definition");
                // no entry yet: a share of the configuration file, changed for the first time
                if (cur != null && cur.deleted()) throw new IllegalStateException("share " + s.name() + " does not exist");
                if (live && cur.def().overlay() != s.def().overlay()) {
                    throw new IllegalStateException("share " + s.name() + " cannot change between configured and created");
                }
            }
            case DELETE -> {
                if (s.def() != null) throw new IllegalStateException("delete of share " + s.name() + " with a definition");
                if (cur != null && cur.deleted()) throw new IllegalStateException("share " + s.name() + " does not exist");
            }
            default -> throw new IllegalStateException("unknown share operation " + s.op());
        }
        if (s.def() != null) {
            if (!s.def().name().equalsIgnoreCase(s.name())) throw new IllegalStateException("share name mismatch: " + s.def().name());
            try {
                s.def().validate(aggregates);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
        if (cur == null && entries.size() >= MAX_SHARES) throw new IllegalStateException("too many shares (" + MAX_SHARES + ")");
        Entry n = new Entry(s.def() != null ? s.def().name() : cur != null ? cur.name() : s.name(), s.def(), rev + 1);
        entries.put(key(s.name()), n);
        return n;
    }

    void write(DataOutputStream o) throws IOException {
        o.writeInt(entries.size());
        for (Entry e : entries.values()) {
            o.writeUTF(e.name());
            o.writeLong(e.revision());
            o.writeBoolean(e.def() != null);
            if (e.def() != null) e.def().write(o);
        }
    }

    /** Reads what {@link #write} wrote; the caller swaps it in only once the whole snapshot decoded. */
    static TreeMap<String, Entry> read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_SHARES) throw new CorruptDataException("bad share count " + n);
        TreeMap<String, Entry> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            long rev = in.readLong();
            if (rev < 1) throw new CorruptDataException("bad share revision " + rev);
            ShareDef d = in.readBoolean() ? ShareDef.read(in) : null;
            if (m.put(key(name), new Entry(name, d, rev)) != null) throw new CorruptDataException("share " + name + " twice");
        }
        return m;
    }

    void replace(TreeMap<String, Entry> m) {
        entries.clear();
        entries.putAll(m);
    }
}
