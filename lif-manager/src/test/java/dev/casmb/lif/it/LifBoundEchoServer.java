package dev.casmb.lif.it;

import dev.casmb.lif.manager.LifEvent;
import dev.casmb.lif.manager.LifListener;
import dev.casmb.lif.net.SocketAbort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny TCP server that follows a LIF, as the SMB server will: on lifUp it listens on the LIF
 * address, greets each client with its node name and echoes; on lifDown it stops listening and
 * resets every client connection (RST).
 */
final class LifBoundEchoServer implements LifListener, AutoCloseable {

    private final String nodeName;
    private final int port;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    LifBoundEchoServer(String nodeName, int port) {
        this.nodeName = nodeName;
        this.port = port;
    }

    @Override
    public synchronized void lifUp(LifEvent event) {
        try {
            ServerSocket ss = bindRetrying(new InetSocketAddress(event.address().address(), port));
            server = ss;
            Thread t = new Thread(() -> acceptLoop(ss), "echo-accept-" + nodeName);
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new IllegalStateException(nodeName + " cannot listen on " + event.address().host() + ":" + port, e);
        }
    }

    /**
     * Both "nodes" share the host: the LIF's previous node may still be closing its listener when this one binds
     * (EADDRINUSE; the first run on a fresh clone failed so). Retried for up to 3 s, as the SMB server does.
     */
    private static ServerSocket bindRetrying(InetSocketAddress at) throws IOException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (true) {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            try {
                ss.bind(at, 16);
                return ss;
            } catch (java.net.BindException e) {
                ss.close();
                if (System.nanoTime() > end) throw e;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void lifDown(LifEvent event) {
        closeAll();
    }

    private void closeAll() {
        ServerSocket ss = server;
        server = null;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Socket s : clients) {
            SocketAbort.abort(s);
        }
        clients.clear();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return;
            }
            clients.add(s);
            Thread t = new Thread(() -> serve(s), "echo-client-" + nodeName);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000); // bounded lifetime of an idle connection
            OutputStream out = s.getOutputStream();
            out.write((nodeName + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // reset or timed out
        } finally {
            clients.remove(s);
        }
    }

    @Override
    public synchronized void close() {
        closeAll();
    }
}
