package dev.casmb.rpc.transport;

import dev.casmb.rpc.PduSink;
import dev.casmb.rpc.RpcConnection;
import dev.casmb.rpc.RpcServer;
import dev.casmb.rpc.TransportInfo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * ncacn_np endpoint: one opened named pipe (e.g. {@code \PIPE\srvsvc} on IPC$) driving an
 * {@link RpcConnection} ([MS-RPCE] 2.1.1.2). The SMB server calls {@link #write} for SMB2 WRITE,
 * {@link #read} for SMB2 READ and {@link #transact} for FSCTL_PIPE_TRANSCEIVE. Reads never block: if no
 * output is ready they return an empty array; {@link #setOutputListener} tells the SMB layer when output
 * arrives later (async RPC completions). Message-mode reads return at most one PDU per call, leaving the
 * rest of a larger PDU for the next read ({@link #remainingInCurrentMessage()} &gt; 0 means
 * STATUS_BUFFER_OVERFLOW). Thread-safe.
 */
public final class RpcPipeSession {
    private final Object lock = new Object();
    private final RpcConnection connection;
    private final PduFramer framer = new PduFramer();
    private final ArrayDeque<byte[]> output = new ArrayDeque<>();
    private final int maxQueuedBytes;
    private int queuedBytes;
    private byte[] current;
    private int currentOff;
    private boolean closed;
    private volatile Runnable outputListener;

    /**
     * @param pipeName e.g. "srvsvc" (reported in bind_ack as {@code \PIPE\srvsvc})
     * @param client the SMB client's address (association groups are per client address)
     * @param local the SMB server address the client used
     */
    public RpcPipeSession(RpcServer server, String pipeName, InetSocketAddress client, InetSocketAddress local) {
        this.maxQueuedBytes = 4 * server.limits().maxRequestBytes();
        Executor serial = task -> {
            synchronized (lock) {
                task.run();
            }
        };
        PduSink sink = new PduSink() {
            @Override
            public void send(byte[] pdu) {
                enqueue(pdu);
            }

            @Override
            public void close() {
                closed = true;
            }
        };
        this.connection = server.newConnection(
                new TransportInfo("ncacn_np", local, client, "\\PIPE\\" + pipeName), sink, serial);
    }

    /** Called (outside any lock) whenever new output becomes readable. */
    public void setOutputListener(Runnable listener) {
        this.outputListener = listener;
    }

    private void enqueue(byte[] pdu) {
        // runs under lock (connection methods only run via the serial executor)
        if (queuedBytes + pdu.length > maxQueuedBytes) {
            closed = true; // client is not reading its responses
            return;
        }
        output.add(pdu);
        queuedBytes += pdu.length;
    }

    /** SMB2 WRITE on the pipe: any number of complete or partial PDUs. Returns false if the pipe is broken. */
    public boolean write(byte[] data) {
        Runnable l;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            for (byte[] pdu : framer.feed(data)) {
                connection.receive(pdu);
            }
            if (framer.isCorrupt()) {
                connection.close();
            }
            l = output.isEmpty() && current == null ? null : outputListener;
        }
        if (l != null) {
            l.run();
        }
        return true;
    }

    /** SMB2 READ: up to {@code maxLen} bytes of the next outbound PDU (empty if none is ready). */
    public byte[] read(int maxLen) {
        synchronized (lock) {
            if (current == null) {
                current = output.poll();
                currentOff = 0;
                if (current == null) {
                    return new byte[0];
                }
                queuedBytes -= current.length;
            }
            int n = Math.min(maxLen, current.length - currentOff);
            byte[] out = Arrays.copyOfRange(current, currentOff, currentOff + n);
            currentOff += n;
            if (currentOff == current.length) {
                current = null;
            }
            return out;
        }
    }

    /** Bytes of the current outbound PDU not yet read (non-zero => STATUS_BUFFER_OVERFLOW for the SMB layer). */
    public int remainingInCurrentMessage() {
        synchronized (lock) {
            return current == null ? 0 : current.length - currentOff;
        }
    }

    /** Whether a read would return data now. */
    public boolean hasOutput() {
        synchronized (lock) {
            return current != null || !output.isEmpty();
        }
    }

    /** FSCTL_PIPE_TRANSCEIVE: write then read whatever response is ready (possibly empty). */
    public byte[] transact(byte[] in, int maxOut) {
        write(in);
        return read(maxOut);
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** SMB2 CLOSE of the pipe handle, or session/tree teardown. */
    public void close() {
        synchronized (lock) {
            connection.close();
            closed = true;
            output.clear();
            current = null;
        }
    }
}
