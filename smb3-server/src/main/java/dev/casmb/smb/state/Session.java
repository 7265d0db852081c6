package dev.casmb.smb.state;

import dev.casmb.smb.crypto.MessageSigner;
import dev.casmb.smb.crypto.TransformCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** An authenticated (or authenticating) SMB2 session (MS-SMB2 3.3.1.8). */
public final class Session {
    public enum State { IN_PROGRESS, VALID, EXPIRED }

    public static final int MAX_TREES = 1024;
    public static final int MAX_OPENS = 16384;

    public final long sessionId;
    public volatile State state = State.IN_PROGRESS;
    public volatile String user;
    public volatile String domain;
    public volatile boolean guest;
    public volatile boolean anonymous;
    public volatile byte[] sessionKey;
    public volatile byte[] preauthHash;
    public volatile MessageSigner signer;
    public volatile TransformCodec transform;
    public volatile boolean signingRequired;
    public volatile boolean encryptData;
    /** The in-progress authentication exchange (an SpnegoServer), or null. */
    public volatile Object authContext;
    public final Map<Integer, TreeConnect> trees = new ConcurrentHashMap<>();
    public final Map<Long, Open> opens = new ConcurrentHashMap<>();
    private final AtomicInteger nextTreeId = new AtomicInteger(1);
    public final long createdAt = System.currentTimeMillis();

    public Session(long sessionId) {
        this.sessionId = sessionId;
    }

    public int allocateTreeId() { return nextTreeId.getAndIncrement(); }

    public boolean isValid() { return state == State.VALID; }

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFL);

    /** Session ids are non-zero and never reused within a server lifetime. */
    public static long newSessionId() {
        return (IDS.incrementAndGet() << 16) | 0x1;
    }
}
