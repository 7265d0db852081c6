package dev.casmb.client;

import dev.casmb.smb.crypto.MessageSigner;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
 * outstanding request fails with {@link ConnectionLostException}. The SMB2 header is the server's
 * {@link Smb2Header}, encoded and decoded by its codec.
 */
final class Wire implements AutoCloseable {
    static final int HDR = Smb2Header.SIZE;
    static final int FLAG_REPLAY = Smb2Header.FLAG_REPLAY;
    /** Credits asked for in every request. */
    private static final int CREDITS_REQUESTED = 64;

    /** A decoded response: its header and the whole SMB2 message (index 0 = header). */
    record Response(Smb2Header header, byte[] msg) {
        int status() { return header.status; }
        long sessionId() { return header.sessionId; }
        int treeId() { return header.treeId; }

        /** The body from its StructureSize, little-endian. */
        ByteBuffer body() {
            return ByteBuffer.wrap(msg, HDR, msg.length - HDR).slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The message for the {@code dev.casmb.smb.proto.message} decoders (header at index 0). */
        Smb2Body smb2Body() {
            return Smb2Body.of(Unpooled.wrappedBuffer(msg));
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
            MessageSigner s = signer;
            Smb2Header h = new Smb2Header();
            h.creditCharge = creditCharge;
            h.status = channelSequence & 0xFFFF; // ChannelSequence in a 3.x request
            h.command = command;
            h.credits = CREDITS_REQUESTED;
            h.flags = flags | (s != null && sessionId != 0 ? Smb2Header.FLAG_SIGNED : 0);
            h.messageId = mid;
            h.treeId = treeId;
            h.sessionId = sessionId;
            ByteBuf m = Unpooled.buffer(4 + HDR + body.length);
            m.writeInt(HDR + body.length); // Direct TCP: a zero byte, then the 24-bit length
            h.encode(m);
            m.writeBytes(body);
            byte[] raw = ByteBufUtil.getBytes(m);
            if (h.isSigned()) {
                byte[] msg = java.util.Arrays.copyOfRange(raw, 4, raw.length);
                byte[] sig = s.sign(msg, false, false);
                System.arraycopy(sig, 0, raw, 4 + Smb2Header.SIGNATURE_OFFSET, 16);
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
                Smb2Header h;
                try {
                    h = Smb2Header.decode(Unpooled.wrappedBuffer(msg), 0);
                } catch (IllegalArgumentException e) {
                    throw new IOException("not SMB2: " + e.getMessage());
                }
                if (h.credits > 0) credits.release(h.credits);
                if (h.messageId == -1L) continue; // oplock/lease break notification: not used by this client
                if (h.status == NtStatus.PENDING && h.isAsync()) continue;
                CompletableFuture<Response> f = pending.remove(h.messageId);
                if (f != null) f.complete(new Response(h, msg));
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
