package dev.casmb.smb.durable;

import java.io.IOException;
import java.util.Collection;

/**
 * Where persistent-handle state lives (the dbwrap of this server): a durable single-node log, or the
 * HA pair's Raft state. Every method returns only once the change is durable, so the caller can send
 * its reply afterwards ("durable before the reply"). Implementations batch concurrent callers.
 */
public interface HandleStore extends AutoCloseable {
    /** Stores or replaces the record with this persistent id. */
    void put(HandleRecord record) throws IOException;

    /**
     * A change of one persistent handle's byte-range locks (MS-SMB2 3.3.5.14): {@code added} granted and {@code removed}
     * released by one LOCK, with the handle's lock sequence table as it is now ({@code current} is the whole record
     * after the change). A store may replicate only the change (the pair does: no whole-record rewrite per LOCK); the
     * default rewrites the record.
     */
    default void putLocks(HandleRecord current, java.util.List<HandleRecord.LockRange> added,
                          java.util.List<HandleRecord.LockRange> removed) throws IOException {
        put(current);
    }

    /** Removes the record (close or expiry); a missing id is not an error. */
    void remove(long persistentId) throws IOException;

    /** Every stored record, for a restart or takeover. */
    Collection<HandleRecord> loadAll() throws IOException;

    @Override
    void close() throws IOException;

    /** A store that keeps nothing, for servers without CA shares. */
    HandleStore NONE = new HandleStore() {
        @Override public void put(HandleRecord record) { }
        @Override public void remove(long persistentId) { }
        @Override public Collection<HandleRecord> loadAll() { return java.util.List.of(); }
        @Override public void close() { }
    };
}
