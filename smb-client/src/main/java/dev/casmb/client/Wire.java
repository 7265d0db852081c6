package dev.casmb.client;

import dev.casmb.smb.crypto.MessageSigner;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TCP connection to an SMB 2/3 server: Direct TCP framing (MS-SMB2 2.1), MessageId allocation within
 * the credit window, signing of outgoing requests, and a reader thread that matches responses to
 * requests (interim STATUS_PENDING responses only grant credits). When the connection breaks every
 * outstanding request fails with {@link ConnectionLostException}.
 */
final class Wire implements AutoCloseable {
    static final int HDR = 64;
    static final int STATUS_PENDING = 0x00000103;
    static final int FLAG_RESPONSE = 0x1;
    static final int FLAG_ASYNC = 0x2;
    static final int FLAG_SIGNED = 0x8;
    static final int FLAG_REPLAY = 0x20000000;

    /** A decoded response: the whole SMB2 message (index 0 = header). */
    record Response(int status, int command, long messageId, long sessionId, int treeId, int flags, byte[] msg) {
        ByteBuffer body() {
            return ByteBuffer.wrap(msg, HDR, msg.length - HDR).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final Semaphore credits = new Semaphore(1);
    private final Object sendLock = new Object();
    private final Thread reader;
    private long nextMessageId;
    private volatile boolean dead;
    private volatile String deathCause = "closed";
    /** Set after SESSION_SETUP: outgoing requests are signed. */
    volatile MessageSigner signer;
    /** Every outgoing message, for the 3.1.1 pre-authentication hash (only while set). */
    volatile java.util.function.Consumer<byte[]> tap;
    final InetSocketAddress remote;

    Wire(InetSocketAddress remote, int connectTimeoutMs) throws IOException {
        this.remote = remote;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.connect(remote, connectTimeoutMs);
        out = socket.getOutputStream();
        reader = new Thread(this::readLoop, "smb-client-reader-" + remote);
        reader.setDaemon(true);
        reader.start();
    }

    boolean isDead() { return dead; }

    /**
     * Sends one request: {@code body} starts at the body's StructureSize. Header fields given here; the
     * MessageId is allocated, the message signed if a signer is set. Returns the response future.
     */
    CompletableFuture<Response> send(int command, int flags, int channelSequence, long sessionId, int treeId, byte[] body,
                                     int creditCharge) throws IOException {
        if (dead) throw new ConnectionLostException("connection to " + remote + " lost: " + deathCause);
        try {
            if (!credits.tryAcquire(creditCharge, 30, TimeUnit.SECONDS)) throw new ConnectionLostException("no credits from " + remote);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        CompletableFuture<Response> f = new CompletableFuture<>();
        synchronized (sendLock) {
            long mid = nextMessageId;
            nextMessageId += Math.max(1, creditCharge);
            ByteBuffer m = ByteBuffer.allocate(4 + HDR + body.length).order(ByteOrder.LITTLE_ENDIAN);
            m.put(0, (byte) 0);
            int len = HDR + body.length;
            m.put(1, (byte) (len >>> 16));
            m.put(2, (byte) (len >>> 8));
            m.put(3, (byte) len);
            m.position(4);
            m.putInt(0x424D53FE);
            m.putShort((short) 64);
            m.putShort((short) creditCharge);
            m.putInt(channelSequence & 0xFFFF);
            m.putShort((short) command);
            m.putShort((short) 64); // credits requested
            MessageSigner s = signer;
            int fl = flags | (s != null && sessionId != 0 ? FLAG_SIGNED : 0);
            m.putInt(fl);
            m.putInt(0);
            m.putLong(mid);
            m.putInt(0xFEFF);
            m.putInt(treeId);
            m.putLong(sessionId);
            m.put(new byte[16]);
            m.put(body);
            byte[] raw = m.array();
            if ((fl & FLAG_SIGNED) != 0) {
                byte[] msg = java.util.Arrays.copyOfRange(raw, 4, raw.length);
                byte[] sig = s.sign(msg, false, false);
                System.arraycopy(sig, 0, raw, 4 + 48, 16);
            }
            var t = tap;
            if (t != null) t.accept(java.util.Arrays.copyOfRange(raw, 4, raw.length));
            pending.put(mid, f);
            try {
                out.write(raw);
                out.flush();
            } catch (IOException e) {
                pending.remove(mid);
                kill("send failed: " + e);
                throw new ConnectionLostException("send to " + remote + " failed", e);
            }
        }
        return f;
    }

    /** Waits for a response; a timeout kills the connection (the server is gone or hung). */
    Response await(CompletableFuture<Response> f, long timeoutMs) throws IOException {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill("no response in " + timeoutMs + " ms");
            throw new ConnectionLostException("no response from " + remote + " in " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (!dead) {
                int b0 = in.readUnsignedByte();
                int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                if (b0 != 0 || len < HDR || len > 16 * 1024 * 1024) throw new IOException("bad frame");
                byte[] msg = new byte[len];
                in.readFully(msg);
                ByteBuffer h = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
                if (h.getInt(0) != 0x424D53FE) throw new IOException("not SMB2");
                int granted = h.getShort(14) & 0xFFFF;
                int status = h.getInt(8);
                int cmd = h.getShort(12) & 0xFFFF;
                int flags = h.getInt(16);
                long mid = h.getLong(24);
                int tree = (flags & FLAG_ASYNC) != 0 ? 0 : h.getInt(36);
                long sid = h.getLong(40);
                if (granted > 0) credits.release(granted);
                if (mid == -1L) continue; // oplock/lease break notification: not used by this client
                if (status == STATUS_PENDING && (flags & FLAG_ASYNC) != 0) continue;
                CompletableFuture<Response> f = pending.remove(mid);
                if (f != null) f.complete(new Response(status, cmd, mid, sid, tree, flags, msg));
            }
        } catch (IOException e) {
            kill(e.toString());
        } catch (RuntimeException e) {
            kill(e.toString());
        }
    }

    void kill(String why) {
        if (dead) return;
        dead = true;
        deathCause = why;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        ConnectionLostException ex = new ConnectionLostException("connection to " + remote + " lost: " + why);
        for (Long k : pending.keySet()) {
            CompletableFuture<Response> f = pending.remove(k);
            if (f != null) f.completeExceptionally(ex);
        }
        credits.release(1024);
    }

    @Override
    public void close() {
        kill("closed by client");
    }
}
