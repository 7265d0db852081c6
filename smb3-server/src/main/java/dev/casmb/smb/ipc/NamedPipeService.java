package dev.casmb.smb.ipc;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Named pipes on IPC$ (e.g. {@code srvsvc}), served by an RPC runtime that lives outside this module.
 */
public interface NamedPipeService {
    NamedPipeService NONE = (name, user, client, local) -> Optional.empty();

    /** Opens pipe {@code name} (without the \PIPE\ prefix) for {@code user}; empty if no such pipe. */
    Optional<NamedPipe> open(String name, String user, InetSocketAddress client, InetSocketAddress local);

    /** One open pipe instance: message-mode writes and reads of DCE/RPC PDUs. */
    interface NamedPipe {
        void write(byte[] data);

        /** Up to maxLen bytes of pending output; empty when none. */
        byte[] read(int maxLen);

        /** Bytes of the current output message not yet read (STATUS_BUFFER_OVERFLOW when > 0). */
        default int remaining() {
            return 0;
        }

        /** FSCTL_PIPE_TRANSCEIVE: write then read. */
        default byte[] transact(byte[] in, int maxOut) {
            write(in);
            return read(maxOut);
        }

        void close();
    }
}
