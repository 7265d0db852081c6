package dev.casmb.client;

import dev.casmb.auth.ntlm.NtlmClient;
import dev.casmb.auth.ntlm.NtlmException;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.crypto.Kdf;
import dev.casmb.smb.crypto.MessageSigner;
import dev.casmb.smb.crypto.PreauthHash;
import dev.casmb.smb.crypto.SigningAlgorithm;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CloseRequest;
import dev.casmb.smb.proto.message.CloseResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small SMB 3.0 / 3.0.2 / 3.1.1 client for continuously-available shares: NTLMv2 authentication,
 * AES-CMAC signing, CREATE with a persistent handle (DH2Q + CreateGuid), READ, WRITE (write-through),
 * FLUSH, LOCK, CLOSE.
 *
 * <p>Resilience (MS-SMB2 3.2.4.1.1 / 3.2.5.1.x, as Windows clients do on a CA share): when the
 * connection breaks, the first request that notices reconnects (bounded backoff over the configured
 * server addresses until {@code reconnectDeadlineMs}): NEGOTIATE with the same ClientGuid,
 * SESSION_SETUP with PreviousSessionId, TREE_CONNECT, then every held handle is reclaimed with DH2C and
 * its ChannelSequence advanced. Every request that was outstanding on the lost connection is then sent
 * again with SMB2_FLAGS_REPLAY_OPERATION. A server that answers TREE_CONNECT with BAD_NETWORK_NAME (the
 * share's aggregate moved to the other node) makes the client try the next address.
 *
 * <p>Thread-safe: many threads may issue requests on one client (one connection, one session).
 */
public final class SmbClient implements AutoCloseable {
    public static final int D_300 = 0x0300;
    public static final int D_302 = 0x0302;
    public static final int D_311 = 0x0311;
    static final int LOCK_SHARED = 1;
    static final int LOCK_EXCLUSIVE = 2;
    static final int LOCK_UNLOCK = 4;
    static final int LOCK_FAIL_IMMEDIATELY = 0x10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Connection settings; {@code servers} are tried in order (the preferred LIF first). */
    public record Config(List<InetSocketAddress> servers, String share, String user, String domain, byte[] ntHash,
                         int maxDialect, long requestTimeoutMs, long reconnectDeadlineMs, int connectTimeoutMs,
                         int durableTimeoutMs) {
        public static Config of(List<InetSocketAddress> servers, String share, String user, String password) {
            return new Config(servers, share, user, "", UserDatabase.ntHashOf(password), D_311, 10_000, 60_000, 500, 0);
        }

        public Config withNtHash(byte[] h) {
            return new Config(servers, share, user, domain, h, maxDialect, requestTimeoutMs, reconnectDeadlineMs, connectTimeoutMs,
                durableTimeoutMs);
        }

        public Config withMaxDialect(int d) {
            return new Config(servers, share, user, domain, ntHash, d, requestTimeoutMs, reconnectDeadlineMs, connectTimeoutMs,
                durableTimeoutMs);
        }

        public Config withReconnectDeadlineMs(long ms) {
            return new Config(servers, share, user, domain, ntHash, maxDialect, requestTimeoutMs, ms, connectTimeoutMs,
                durableTimeoutMs);
        }
    }

    /** One completed reconnect: when, why, where to, and how many held handles came back. */
    public record ReconnectInfo(long startNanos, long endNanos, String cause, String from, String to, int held, int reclaimed,
                                int attempts) {
        public long millis() { return (endNanos - startNanos) / 1_000_000; }
    }

    public interface Listener {
        void reconnected(ReconnectInfo info);
    }

    private final Config config;
    private final byte[] clientGuid = new byte[16];
    private final ReentrantLock lock = new ReentrantLock();
    private final List<SmbFile> files = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<ReconnectInfo> history = new CopyOnWriteArrayList<>();
    private final AtomicLong replays = new AtomicLong();
    private volatile Wire wire;
    private volatile int generation;
    private volatile boolean closed;
    private long sessionId;
    private int treeId;
    private int dialect;
    private boolean shareContinuouslyAvailable;
    private int preferred;

    private SmbClient(Config config) {
        this.config = config;
        RANDOM.nextBytes(clientGuid);
    }

    /** Connects, authenticates and connects the share (retrying over the servers until the deadline). */
    public static SmbClient connect(Config config) throws IOException {
        SmbClient c = new SmbClient(config);
        c.lock.lock();
        try {
            c.establish("initial connect", System.nanoTime(), null);
        } finally {
            c.lock.unlock();
        }
        return c;
    }

    public void addListener(Listener l) { listeners.add(l); }

    public int dialect() { return dialect; }

    public boolean shareIsContinuouslyAvailable() { return shareContinuouslyAvailable; }

    public List<ReconnectInfo> reconnects() { return List.copyOf(history); }

    /** Requests sent again (with the replay flag) after a reconnect. */
    public long replays() { return replays.get(); }

    public String currentServer() {
        Wire w = wire;
        return w == null ? "-" : w.remote.getAddress().getHostAddress();
    }

    /** Forces a reconnect now (e.g. on a witness CLIENT_MOVE notification); handles are reclaimed. */
    public void reconnectNow(String why) throws IOException {
        int gen = generation;
        Wire w = wire;
        if (w != null) w.kill(why);
        reconnect(gen, why);
    }

    /** Counts completed (re)connects; a notification about an older connection can be told apart. */
    public int generation() { return generation; }

    /**
     * Moves to {@code ip} (one of the configured servers), e.g. on a witness CLIENT_MOVE or SHARE_MOVE
     * (MS-SWN 3.2.5.1.1): reconnects there now and reclaims every handle; a no-op when already there.
     * Returns false when {@code ip} is not a configured server address.
     */
    public boolean moveTo(java.net.InetAddress ip, String why) throws IOException {
        int idx = -1;
        for (int i = 0; i < config.servers().size(); i++) {
            if (config.servers().get(i).getAddress().equals(ip)) idx = i;
        }
        if (idx < 0) return false;
        lock.lock(); // a reconnect in progress finishes first; then decide on the connection it left
        try {
            Wire w = wire;
            if (w != null && !w.isDead() && w.remote.getAddress().equals(ip)) return true;
            preferred = idx;
            int gen = generation;
            if (w != null) w.kill(why);
            reconnect(gen, why);
        } finally {
            lock.unlock();
        }
        return true;
    }

    // ---- connection establishment ---------------------------------------------------------------

    private void reconnect(int gen, String cause) throws IOException {
        long t0 = System.nanoTime();
        lock.lock();
        try {
            if (closed) throw new IOException("client closed");
            if (generation != gen && wire != null && !wire.isDead()) return;
            Wire old = wire;
            String from = old == null ? "-" : old.remote.getAddress().getHostAddress();
            if (old != null) old.kill(cause);
            establish(cause, t0, from);
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void establish(String cause, long t0, String from) throws IOException {
        long deadline = t0 + config.reconnectDeadlineMs() * 1_000_000L;
        long backoff = 10;
        int attempts = 0;
        IOException last = null;
        long prevSession = sessionId;
        while (true) {
            int n = config.servers().size();
            for (int k = 0; k < n; k++) {
                int i = (preferred + k) % n;
                InetSocketAddress a = config.servers().get(i);
                attempts++;
                Wire w = null;
                try {
                    w = new Wire(a, config.connectTimeoutMs());
                    negotiate(w);
                    sessionSetup(w, prevSession);
                    treeConnect(w, a.getAddress().getHostAddress());
                    boolean lastChance = System.nanoTime() > deadline - config.reconnectDeadlineMs() * 500_000L;
                    int held = 0;
                    int reclaimed = 0;
                    for (SmbFile f : files) {
                        if (f.closed || f.lost != null) continue;
                        held++;
                        try {
                            reclaim(w, f);
                            reclaimed++;
                        } catch (SmbStatusException e) {
                            if (!lastChance) throw e;
                            f.lost = e.getMessage();
                        }
                    }
                    wire = w;
                    generation++;
                    preferred = i;
                    if (from != null) {
                        ReconnectInfo info = new ReconnectInfo(t0, System.nanoTime(),
                            last == null ? cause : cause + "; last retried error: " + last.getMessage(), from, a.getAddress().getHostAddress(),
                            held, reclaimed, attempts);
                        history.add(info);
                        for (Listener l : listeners) l.reconnected(info);
                    }
                    return;
                } catch (IOException e) {
                    last = e;
                    if (w != null) w.kill("setup failed: " + e.getMessage());
                }
            }
            if (System.nanoTime() > deadline || closed) {
                throw new ConnectionLostException("could not reconnect within " + config.reconnectDeadlineMs() + " ms after: "
                    + cause + "; last error: " + (last == null ? "-" : last.getMessage()), last);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            backoff = Math.min(backoff * 2, 200);
        }
    }

    private byte[] preauth;

    private void negotiate(Wire w) throws IOException {
        List<Integer> ds = new ArrayList<>();
        for (int d : new int[] {D_300, D_302, D_311}) if (d <= config.maxDialect()) ds.add(d);
        boolean offer311 = ds.contains(D_311);
        int fixed = 36 + 2 * ds.size();
        int ctxOff = offer311 ? align8(Wire.HDR + fixed) - Wire.HDR : fixed;
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        ByteBuffer b = le(offer311 ? ctxOff + 8 + 38 : fixed);
        b.putShort((short) 36).putShort((short) ds.size()).putShort((short) 1).putShort((short) 0);
        b.putInt(0x10 | 0x04); // PERSISTENT_HANDLES | LARGE_MTU
        b.put(clientGuid);
        if (offer311) {
            b.putInt(Wire.HDR + ctxOff).putShort((short) 1).putShort((short) 0);
        } else {
            b.putLong(0);
        }
        for (int d : ds) b.putShort((short) d);
        if (offer311) {
            b.position(ctxOff);
            b.putShort((short) 1).putShort((short) 38).putInt(0); // PREAUTH_INTEGRITY_CAPABILITIES
            b.putShort((short) 1).putShort((short) 32).putShort((short) 1).put(salt); // SHA-512
        }
        List<byte[]> sent = new ArrayList<>();
        w.tap = sent::add;
        Wire.Response r;
        try {
            // a listener that is being torn down (LIF moving away) may accept and never answer: fail fast, retry
            r = w.await(w.send(Smb2Command.NEGOTIATE, 0, 0, 0, 0, b.array(), 0), Math.min(config.requestTimeoutMs(), 1000));
        } finally {
            w.tap = null;
        }
        if (r.status() != 0) throw new SmbStatusException(r.status(), "NEGOTIATE");
        dialect = r.body().getShort(4) & 0xFFFF;
        if (dialect < D_300) throw new IOException("server chose dialect " + Integer.toHexString(dialect));
        preauth = null;
        if (dialect == D_311) preauth = PreauthHash.update(PreauthHash.update(PreauthHash.initial(), sent.get(0)), r.msg());
    }

    private void sessionSetup(Wire w, long previousSessionId) throws IOException {
        NtlmClient ntlm = new NtlmClient(config.user(), config.domain(), config.ntHash());
        byte[] token = ntlm.negotiate();
        long sid = 0;
        byte[] hash = preauth;
        for (int round = 0; round < 2; round++) {
            ByteBuffer b = le(24 + token.length);
            b.putShort((short) 25).put((byte) 0).put((byte) 1).putInt(0).putInt(0);
            b.putShort((short) (Wire.HDR + 24)).putShort((short) token.length).putLong(previousSessionId).put(token);
            List<byte[]> sent = new ArrayList<>();
            w.tap = sent::add;
            Wire.Response r;
            try {
                r = w.await(w.send(Smb2Command.SESSION_SETUP, 0, 0, sid, 0, b.array(), 1), config.requestTimeoutMs());
            } finally {
                w.tap = null;
            }
            if (hash != null) hash = PreauthHash.update(hash, sent.get(0));
            sid = r.sessionId();
            if (round == 0) {
                if (r.status() != NtStatus.MORE_PROCESSING_REQUIRED) throw new SmbStatusException(r.status(), "SESSION_SETUP (negotiate)");
                if (hash != null) hash = PreauthHash.update(hash, r.msg());
                ByteBuffer body = r.body();
                int off = body.getShort(4) & 0xFFFF;
                int len = body.getShort(6) & 0xFFFF;
                byte[] challenge = java.util.Arrays.copyOfRange(r.msg(), off, off + len);
                try {
                    token = ntlm.authenticate(challenge);
                } catch (NtlmException e) {
                    throw new IOException("bad NTLM challenge: " + e.getMessage());
                }
            } else if (r.status() != 0) {
                throw new SmbStatusException(r.status(), "SESSION_SETUP (authenticate)");
            }
        }
        byte[] sk = ntlm.sessionKey();
        byte[] signKey = dialect == D_311
            ? Kdf.derive(sk, Kdf.z("SMBSigningKey"), hash, 128)
            : Kdf.derive(sk, Kdf.z("SMB2AESCMAC"), Kdf.z("SmbSign"), 128);
        w.signer = new MessageSigner(SigningAlgorithm.AES_CMAC, signKey);
        sessionId = sid;
    }

    private void treeConnect(Wire w, String host) throws IOException {
        byte[] path = ("\\\\" + host + "\\" + config.share()).getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = le(8 + path.length);
        b.putShort((short) 9).putShort((short) 0).putShort((short) (Wire.HDR + 8)).putShort((short) path.length).put(path);
        Wire.Response r = w.await(w.send(Smb2Command.TREE_CONNECT, 0, 0, sessionId, 0, b.array(), 1), config.requestTimeoutMs());
        if (r.status() != 0) throw new SmbStatusException(r.status(), "TREE_CONNECT " + config.share() + " on " + host);
        treeId = r.treeId();
        shareContinuouslyAvailable = (r.body().getInt(8) & 0x10) != 0;
    }

    // ---- CREATE / reclaim ------------------------------------------------------------------------

    /** Opens (or creates) {@code path}; with {@code durable}, asks for a persistent handle (DH2Q). */
    public SmbFile open(String path, boolean create, boolean durable) throws IOException {
        byte[] guid = new byte[16];
        RANDOM.nextBytes(guid);
        SmbFile f = new SmbFile(this, path, 0x0012019F, 0x7, 0x40 /* NON_DIRECTORY_FILE */, guid, durable);
        int disposition = create ? 3 /* OPEN_IF */ : 1 /* OPEN */;
        call(f, (w, replay) -> {
            byte[] ctx = durable ? context("DH2Q", dh2q(f)) : new byte[0];
            Wire.Response r = w.await(w.send(Smb2Command.CREATE, replay ? Wire.FLAG_REPLAY : 0, 0, sessionId, treeId,
                createBody(f, disposition, ctx), 1), config.requestTimeoutMs());
            check(w, r, "CREATE " + path);
            setIds(f, r);
            return null;
        });
        files.add(f);
        return f;
    }

    /** Creates a directory if missing (CREATE OPEN_IF with FILE_DIRECTORY_FILE) and closes it. */
    public void mkdir(String path) throws IOException {
        SmbFile d = new SmbFile(this, path, 0x00100081, 0x7, 0x1 /* DIRECTORY_FILE */, new byte[16], false);
        call(d, (w, replay) -> {
            Wire.Response r = w.await(w.send(Smb2Command.CREATE, 0, 0, sessionId, treeId, createBody(d, 3, new byte[0]), 1),
                config.requestTimeoutMs());
            check(w, r, "CREATE directory " + path);
            setIds(d, r);
            return null;
        });
        files.add(d);
        closeFile(d);
    }

    private void reclaim(Wire w, SmbFile f) throws IOException {
        f.channelSequence = (f.channelSequence + 1) & 0xFFFF;
        ByteBuffer d = le(36);
        d.putLong(f.persistentId).putLong(f.volatileId).put(f.createGuid).putInt(f.persistent ? 2 : 0);
        Wire.Response r = w.await(w.send(Smb2Command.CREATE, 0, 0, sessionId, treeId, createBody(f, 1, context("DH2C", d.array())), 1),
            config.requestTimeoutMs());
        if (r.status() != 0) throw new SmbStatusException(r.status(), "DH2C reclaim of " + f.path);
        setIds(f, r);
    }

    private byte[] dh2q(SmbFile f) {
        ByteBuffer d = le(32);
        d.putInt(config.durableTimeoutMs()).putInt(2 /* PERSISTENT */).putLong(0).put(f.createGuid);
        return d.array();
    }

    private static byte[] context(String name, byte[] data) {
        ByteBuffer c = le(24 + data.length);
        c.putInt(0).putShort((short) 16).putShort((short) 4).putShort((short) 0).putShort((short) 24).putInt(data.length);
        c.put(name.getBytes(StandardCharsets.US_ASCII)).putInt(0).put(data);
        return c.array();
    }

    private static byte[] createBody(SmbFile f, int disposition, byte[] ctx) {
        byte[] name = f.path.replace('/', '\\').getBytes(StandardCharsets.UTF_16LE);
        int nameOff = 56;
        int ctxOff = ctx.length == 0 ? 0 : align8(Wire.HDR + nameOff + name.length) - Wire.HDR;
        ByteBuffer b = le(Math.max(ctx.length == 0 ? nameOff + Math.max(name.length, 1) : ctxOff + ctx.length, 57));
        b.putShort((short) 57).put((byte) 0).put((byte) 0).putInt(2).putLong(0).putLong(0);
        b.putInt(f.access).putInt(0x80).putInt(f.shareAccess).putInt(disposition).putInt(f.createOptions);
        b.putShort((short) (Wire.HDR + nameOff)).putShort((short) name.length);
        b.putInt(ctx.length == 0 ? 0 : Wire.HDR + ctxOff).putInt(ctx.length);
        b.put(name);
        if (ctx.length > 0) {
            b.position(ctxOff);
            b.put(ctx);
        }
        return b.array();
    }

    private static void setIds(SmbFile f, Wire.Response r) {
        ByteBuffer body = r.body();
        f.persistentId = body.getLong(64);
        f.volatileId = body.getLong(72);
        int off = body.getInt(80);
        int len = body.getInt(84);
        byte[] m = r.msg();
        int p = off;
        while (len > 0 && p + 16 <= m.length) {
            ByteBuffer c = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            int next = c.getInt(p);
            int nOff = c.getShort(p + 4) & 0xFFFF;
            int dOff = c.getShort(p + 10) & 0xFFFF;
            String name = new String(m, p + nOff, 4, StandardCharsets.US_ASCII);
            if (name.equals("DH2Q")) f.persistent = (c.getInt(p + dOff + 4) & 2) != 0;
            if (next == 0) break;
            p += next;
        }
    }

    // ---- I/O -------------------------------------------------------------------------------------

    int write(SmbFile f, long offset, byte[] data, int off, int len, boolean writeThrough) throws IOException {
        if (len > 65536) throw new IllegalArgumentException("at most 64 KiB per WRITE");
        return call(f, (w, replay) -> {
            ByteBuffer b = le(48 + len);
            b.putShort((short) 49).putShort((short) (Wire.HDR + 48)).putInt(len).putLong(offset);
            b.putLong(f.persistentId).putLong(f.volatileId);
            b.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).putInt(writeThrough ? 1 : 0);
            b.put(data, off, len);
            Wire.Response r = w.await(w.send(Smb2Command.WRITE, replay ? Wire.FLAG_REPLAY : 0, f.channelSequence, sessionId, treeId,
                b.array(), 1), config.requestTimeoutMs());
            check(w, r, "WRITE " + f.path);
            return r.body().getInt(4);
        });
    }

    byte[] read(SmbFile f, long offset, int len) throws IOException {
        return call(f, (w, replay) -> {
            ByteBuffer b = le(49);
            b.putShort((short) 49).put((byte) 0x50).put((byte) 0).putInt(len).putLong(offset);
            b.putLong(f.persistentId).putLong(f.volatileId).putInt(0).putInt(0).putInt(0).putShort((short) 0).putShort((short) 0);
            Wire.Response r = w.await(w.send(Smb2Command.READ, 0, f.channelSequence, sessionId, treeId, b.array(), 1),
                config.requestTimeoutMs());
            if (r.status() == 0xC0000011) return new byte[0]; // END_OF_FILE
            check(w, r, "READ " + f.path);
            ByteBuffer body = r.body();
            int dOff = body.get(2) & 0xFF;
            int dLen = body.getInt(4);
            return java.util.Arrays.copyOfRange(r.msg(), dOff, dOff + dLen);
        });
    }

    void flush(SmbFile f) throws IOException {
        call(f, (w, replay) -> {
            ByteBuffer b = le(24);
            b.putShort((short) 24).putShort((short) 0).putInt(0).putLong(f.persistentId).putLong(f.volatileId);
            Wire.Response r = w.await(w.send(Smb2Command.FLUSH, replay ? Wire.FLAG_REPLAY : 0, f.channelSequence, sessionId, treeId,
                b.array(), 1), config.requestTimeoutMs());
            check(w, r, "FLUSH " + f.path);
            return null;
        });
    }

    void lock(SmbFile f, long offset, long length, int flags) throws IOException {
        int seq;
        synchronized (f) {
            f.lockSequence = f.lockSequence % 64 + 1;
            seq = f.lockSequence;
        }
        int lockSeq = seq << 4 | 1; // MS-SMB2 2.2.26: LockSequenceNumber (4 bits) + LockSequenceIndex
        int fl = flags == LOCK_UNLOCK ? flags : flags | LOCK_FAIL_IMMEDIATELY;
        call(f, (w, replay) -> {
            ByteBuffer b = le(48);
            b.putShort((short) 48).putShort((short) 1).putInt(lockSeq).putLong(f.persistentId).putLong(f.volatileId);
            b.putLong(offset).putLong(length).putInt(fl).putInt(0);
            Wire.Response r = w.await(w.send(Smb2Command.LOCK, replay ? Wire.FLAG_REPLAY : 0, f.channelSequence, sessionId, treeId,
                b.array(), 1), config.requestTimeoutMs());
            check(w, r, "LOCK " + f.path);
            return null;
        });
    }

    void closeFile(SmbFile f) throws IOException {
        if (f.closed) return;
        try {
            call(f, (w, replay) -> {
                ByteBuf b = Unpooled.buffer(CloseRequest.STRUCTURE_SIZE);
                new CloseRequest(0, new FileId(f.persistentId, f.volatileId)).encode(b);
                Wire.Response r = w.await(w.send(Smb2Command.CLOSE, 0, 0, sessionId, treeId, ByteBufUtil.getBytes(b), 1),
                    config.requestTimeoutMs());
                if (r.status() == NtStatus.FILE_CLOSED) return null;
                check(w, r, "CLOSE " + f.path);
                try {
                    CloseResponse.decode(r.smb2Body());
                } catch (SmbException e) {
                    throw new IOException("CLOSE " + f.path + ": malformed response: " + e.getMessage());
                }
                return null;
            });
        } finally {
            f.closed = true;
            files.remove(f);
        }
    }

    private interface Op<T> {
        T run(Wire w, boolean replay) throws IOException;
    }

    /** Runs one request; on a lost connection reconnects (reclaiming handles) and replays it. */
    private <T> T call(SmbFile f, Op<T> op) throws IOException {
        boolean replay = false;
        while (true) {
            if (closed) throw new IOException("client closed");
            if (f != null && f.lost != null) throw new IOException("handle lost: " + f.lost);
            Wire w = wire;
            int gen = generation;
            if (w == null || w.isDead()) {
                reconnect(gen, "connection lost");
                replay = true;
                continue;
            }
            try {
                return op.run(w, replay);
            } catch (ConnectionLostException e) {
                if (closed) throw e;
                reconnect(gen, e.getMessage());
                replay = true;
                replays.incrementAndGet();
            }
        }
    }

    /** Throws for an error status; session/tree/handle loss on this connection counts as a lost connection. */
    private static void check(Wire w, Wire.Response r, String what) throws IOException {
        int s = r.status();
        if (s == 0) return;
        if (s == NtStatus.NETWORK_NAME_DELETED || s == NtStatus.USER_SESSION_DELETED || s == NtStatus.NETWORK_SESSION_EXPIRED || s == NtStatus.FILE_CLOSED
            || s == NtStatus.BAD_NETWORK_NAME) {
            w.kill(what + " answered 0x" + Integer.toHexString(s));
            throw new ConnectionLostException(what + ": status 0x" + Integer.toHexString(s));
        }
        throw new SmbStatusException(s, what);
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    @Override
    public void close() {
        if (closed) return;
        for (SmbFile f : files) {
            try {
                closeFile(f);
            } catch (IOException ignored) {
                // best effort
            }
        }
        closed = true;
        Wire w = wire;
        if (w != null) w.close();
    }

}
