package dev.casmb.smb.state;

import dev.casmb.smb.crypto.CipherAlgorithm;
import dev.casmb.smb.crypto.SigningAlgorithm;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-transport-connection state (MS-SMB2 3.3.1.7). */
public final class SmbConnection {
    public static final int MAX_SESSIONS = 64;

    public final Channel channel;
    /** This connection's dispatcher (for sending on it from another connection's thread, e.g. breaks). */
    public volatile MessageSender dispatcher;
    public final CreditWindow credits;
    /**
     * The single-threaded executor that processes this connection's frames in order (the channel's event
     * loop when none is set, e.g. in tests).
     */
    public volatile java.util.concurrent.Executor worker;
    /**
     * Set by the channel handler, on the event loop, while it processes a frame there: responses written
     * on the event loop meanwhile are flushed once at the end of the read batch.
     */
    public boolean flushLater;
    /** 0 until NEGOTIATE completes; 0x02FF after an SMB1/wildcard negotiate. */
    public volatile int dialect;
    public volatile boolean negotiated;
    public volatile int clientCapabilities;
    public volatile int clientSecurityMode;
    public volatile byte[] clientGuid = new byte[16];
    public volatile int serverCapabilities;
    public volatile int serverSecurityMode;
    public volatile byte[] preauthHash;
    public volatile CipherAlgorithm cipher;
    public volatile SigningAlgorithm signingAlgorithm;
    public volatile boolean supportsMultiCredit;
    /** NEGOTIATE request's dialect list, for FSCTL_VALIDATE_NEGOTIATE_INFO. */
    public volatile int[] clientDialects = new int[0];
    public final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    /**
     * Recently logged-off sessions (bounded): a request still naming one gets USER_SESSION_DELETED
     * signed with that session's key, as clients that require signing expect.
     */
    public final Map<Long, Session> loggedOff = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Session> e) {
                return size() > 16;
            }
        });
    /** Outstanding async operations by AsyncId. */
    public final Map<Long, Object> asyncOps = new ConcurrentHashMap<>();
    /** Outstanding operations by MessageId (for CANCEL of not-yet-async requests). */
    public final Map<Long, Object> pendingByMessageId = new ConcurrentHashMap<>();

    /** System.nanoTime() of the last request (for idle times in the admin shell). */
    public volatile long lastActivityNanos = System.nanoTime();
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
    public final long connectionId = IDS.incrementAndGet();

    /**
     * Where to send a break for {@code o}, whose breaks go to {@code own}: that connection while it is open, else
     * another channel of its session (multichannel: MS-SMB2 3.3.4.6 sends on any channel of the session); null if none.
     */
    public static SmbConnection liveFor(Open o, SmbConnection own) {
        if (own != null && own.channel.isActive()) return own;
        Session s = o.session;
        if (s == null) return null;
        SmbConnection other = s.otherLiveChannel(own);
        return other == null || other.dispatcher == null ? null : other;
    }

    public SmbConnection(Channel channel, int maxCredits) {
        this.channel = channel;
        this.credits = new CreditWindow(maxCredits);
    }

    public String remote() {
        if (channel != null && channel.remoteAddress() instanceof InetSocketAddress a) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return "?";
    }

    /** Runs a task after this connection's queued frames, on the thread that processes them. */
    public java.util.concurrent.Executor executor() {
        java.util.concurrent.Executor w = worker;
        return w != null ? w : channel.eventLoop();
    }

    public boolean isSmb3() { return dialect >= 0x0300 && dialect != 0x02FF; }
}
