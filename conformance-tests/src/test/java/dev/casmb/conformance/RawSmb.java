package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hand-built SMB2 frames over a plain socket (Direct TCP transport, MS-SMB2 2.1), for feeding a server
 * malformed input that no well-behaved client would send.
 */
final class RawSmb implements AutoCloseable {
    static final int NEGOTIATE = 0, SESSION_SETUP = 1, TREE_CONNECT = 3, ECHO = 13;
    static final int STATUS_PENDING = 0x103;
    static final int STATUS_USER_SESSION_DELETED = 0xC0000203;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawSmb(ServerProcess server) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(server.host(), server.port()), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Socket socket() { return socket; }

    /** Sends {@code msg} behind a Direct TCP header carrying its true length. */
    void sendFrame(byte[] msg) throws IOException {
        sendRaw(ByteBuffer.allocate(4).putInt(msg.length).array());
        sendRaw(msg);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next response message, or null when the server closed (or reset) the connection. */
    byte[] readFrame() throws IOException {
        try {
            int len = in.readInt();
            if ((len >>> 24) != 0) throw new IOException("bad Direct TCP header from server: " + Integer.toHexString(len));
            byte[] b = new byte[len];
            in.readFully(b);
            return b;
        } catch (EOFException | SocketException closed) {
            return null;
        }
    }

    /** Negotiates SMB 2.0.2–3.0.2 (no 3.1.1 contexts) with MessageId {@code msgId}; returns the response. */
    byte[] negotiate(long msgId) throws IOException {
        sendFrame(negotiateRequest(msgId));
        return readFrame();
    }

    /**
     * The server must either answer with an error status or close this connection; silence for 10 s
     * (a hung connection) fails.
     */
    void expectErrorOrDrop() throws IOException {
        while (true) {
            byte[] r;
            try {
                r = readFrame();
            } catch (SocketTimeoutException t) {
                fail("server neither answered nor closed the connection within 10 s");
                return;
            }
            if (r == null) return;
            int status = status(r);
            if (status == STATUS_PENDING) continue;
            assertNotEquals(0, status, "server accepted a malformed request");
            return;
        }
    }

    /** Reads until the server closes the connection; fails if it is still open after 10 s. */
    void expectDrop() throws IOException {
        try {
            while (readFrame() != null) {
                // responses to what came before are fine; we wait for the close
            }
        } catch (SocketTimeoutException t) {
            fail("server kept the connection open");
        }
    }

    static int status(byte[] msg) {
        return ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    static int command(byte[] msg) {
        return ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).getShort(12) & 0xffff;
    }

    /** A 64-byte SMB2 sync header (MS-SMB2 2.2.1.2) followed by {@code body}. */
    static ByteBuffer message(int command, long msgId, long sessionId, int treeId, int creditCharge,
                              int nextCommand, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(64 + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0xFE, 'S', 'M', 'B'});
        b.putShort((short) 64);                // StructureSize
        b.putShort((short) creditCharge);
        b.putInt(0);                           // Status / ChannelSequence
        b.putShort((short) command);
        b.putShort((short) 31);                // CreditRequest
        b.putInt(0);                           // Flags
        b.putInt(nextCommand);
        b.putLong(msgId);
        b.putInt(0xFEFF);                      // Reserved (ProcessId)
        b.putInt(treeId);
        b.putLong(sessionId);
        b.put(new byte[16]);                   // Signature
        return b;
    }

    static byte[] negotiateRequest(long msgId) {
        int[] dialects = {0x0202, 0x0210, 0x0300, 0x0302};
        ByteBuffer b = message(NEGOTIATE, msgId, 0, 0, 0, 0, 36 + 2 * dialects.length);
        b.putShort((short) 36).putShort((short) dialects.length).putShort((short) 1).putShort((short) 0);
        b.putInt(0);                           // Capabilities
        b.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}); // ClientGuid
        b.putLong(0);                          // ClientStartTime
        for (int d : dialects) b.putShort((short) d);
        return b.array();
    }

    static byte[] echo(long msgId, long sessionId, int creditCharge, int nextCommand) {
        ByteBuffer b = message(ECHO, msgId, sessionId, 0, creditCharge, nextCommand, 4);
        b.putShort((short) 4).putShort((short) 0);
        return b.array();
    }

    static byte[] treeConnect(long msgId, long sessionId, String path) {
        byte[] p = path.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        ByteBuffer b = message(TREE_CONNECT, msgId, sessionId, 0, 1, 0, 8 + p.length);
        b.putShort((short) 9).putShort((short) 0).putShort((short) (64 + 8)).putShort((short) p.length).put(p);
        return b.array();
    }

    /** SESSION_SETUP whose security buffer offset/length point where the caller says (MS-SMB2 2.2.5). */
    static byte[] sessionSetup(long msgId, int bufferOffset, int bufferLength, int actualBytes) {
        ByteBuffer b = message(SESSION_SETUP, msgId, 0, 0, 1, 0, 24 + actualBytes);
        b.putShort((short) 25).put((byte) 0).put((byte) 1).putInt(0).putInt(0);
        b.putShort((short) bufferOffset).putShort((short) bufferLength).putLong(0);
        b.put(new byte[actualBytes]);
        return b.array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
