package dev.casmb.client;

import java.io.IOException;

/**
 * An open file on the server. Durable (DH2Q persistent) files are reclaimed with DH2C after every
 * reconnect; their FileId's volatile part may change then, so requests read the ids at send time.
 */
public final class SmbFile implements AutoCloseable {
    final SmbClient client;
    final String path;
    final int access;
    final int shareAccess;
    final int createOptions;
    final byte[] createGuid;
    final boolean durableRequested;
    volatile long persistentId;
    volatile long volatileId;
    volatile boolean persistent;
    volatile boolean closed;
    /** A reclaim was refused: the handle is gone and requests on it fail. */
    volatile String lost;
    /** MS-SMB2 3.2.4.1.1: bumped on each reconnect, sent with modifying requests. */
    volatile int channelSequence;
    int lockSequence;

    SmbFile(SmbClient client, String path, int access, int shareAccess, int createOptions, byte[] createGuid, boolean durable) {
        this.client = client;
        this.path = path;
        this.access = access;
        this.shareAccess = shareAccess;
        this.createOptions = createOptions;
        this.createGuid = createGuid;
        this.durableRequested = durable;
    }

    public String path() { return path; }

    /** True when the server granted a persistent handle (DH2Q response with the PERSISTENT flag). */
    public boolean isPersistent() { return persistent; }

    public boolean isLost() { return lost != null; }

    public long persistentId() { return persistentId; }

    public int write(long offset, byte[] data, int off, int len, boolean writeThrough) throws IOException {
        return client.write(this, offset, data, off, len, writeThrough);
    }

    public byte[] read(long offset, int len) throws IOException {
        return client.read(this, offset, len);
    }

    public void flush() throws IOException {
        client.flush(this);
    }

    /** Byte-range lock (exclusive unless {@code shared}); fails immediately on conflict. */
    public void lock(long offset, long length, boolean shared) throws IOException {
        client.lock(this, offset, length, shared ? SmbClient.LOCK_SHARED : SmbClient.LOCK_EXCLUSIVE);
    }

    public void unlock(long offset, long length) throws IOException {
        client.lock(this, offset, length, SmbClient.LOCK_UNLOCK);
    }

    @Override
    public void close() throws IOException {
        client.closeFile(this);
    }
}
