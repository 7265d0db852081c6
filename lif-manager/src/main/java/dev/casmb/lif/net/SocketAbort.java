package dev.casmb.lif.net;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/**
 * Closes client connections at once with a TCP RST (SO_LINGER 0) instead of a FIN handshake, so a
 * client of a LIF that moves away notices immediately and reconnects to the new node.
 * Call it while the address is still plumbed (the RST is sent from it), i.e. from
 * {@link dev.casmb.lif.manager.LifListener#lifDown}.
 */
public final class SocketAbort {

    private SocketAbort() {
    }

    /** Resets and closes {@code socket}; never throws. */
    public static void abort(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed or not connected: close below anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Resets and closes a NIO channel (e.g. a {@code SocketChannel}); never throws. */
    public static void abort(NetworkChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | UnsupportedOperationException ignored) {
            // close anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
