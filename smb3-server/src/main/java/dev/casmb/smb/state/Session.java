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
    /**
     * Session.ChannelList (MS-SMB2 3.3.1.8): the session's first connection and every connection bound
     * to it. A binding still authenticating has a channel without a signer.
     */
    public final Map<SmbConnection, Channel> channels = new ConcurrentHashMap<>();
    /** Dialect, ClientGuid, cipher and signing algorithm of the connection that created the session. */
    public volatile int dialect;
    public volatile byte[] clientGuid;
    public volatile dev.casmb.smb.crypto.CipherAlgorithm cipher;
    public volatile dev.casmb.smb.crypto.SigningAlgorithm signingAlgorithm;
    private final AtomicInteger nextTreeId = new AtomicInteger(1);
    public final long createdAt = System.currentTimeMillis();

    public Session(long sessionId) {
        this.sessionId = sessionId;
    }

    /** Records the creating connection's parameters and makes it the session's first channel. */
    public Channel firstChannel(SmbConnection c) {
        dialect = c.dialect;
        clientGuid = c.clientGuid;
        cipher = c.cipher;
        signingAlgorithm = c.signingAlgorithm;
        return channels.computeIfAbsent(c, Channel::new);
    }

    /**
     * The signer for requests and responses on {@code c}: the channel's key once the channel exists
     * (MS-SMB2 3.3.4.1.1 and 3.3.5.2.4 use Channel.SigningKey for 3.x), else Session.SigningKey.
     */
    public MessageSigner signerFor(SmbConnection c) {
        Channel ch = c == null ? null : channels.get(c);
        MessageSigner m = ch == null ? null : ch.signer;
        return m != null ? m : signer;
    }

    /** A connection of an established channel other than {@code except} that is still open, or null. */
    public SmbConnection otherLiveChannel(SmbConnection except) {
        for (Channel ch : channels.values()) {
            if (ch.connection != except && ch.established() && ch.connection.channel != null
                && ch.connection.channel.isActive()) {
                return ch.connection;
            }
        }
        return null;
    }

    public int allocateTreeId() { return nextTreeId.getAndIncrement(); }

    public boolean isValid() { return state == State.VALID; }

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() & 0xFFFFFFL);

    /** Session ids are non-zero and never reused within a server lifetime. */
    public static long newSessionId() {
        return (IDS.incrementAndGet() << 16) | 0x1;
    }
}
