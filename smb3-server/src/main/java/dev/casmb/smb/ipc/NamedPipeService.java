package dev.casmb.smb.ipc;

import java.util.Optional;

/**
 * Named pipes on IPC$ (e.g. {@code srvsvc}), served by an RPC runtime that lives outside this module.
 */
public interface NamedPipeService {
    NamedPipeService NONE = (name, user) -> Optional.empty();

    /** Opens pipe {@code name} (without the \PIPE\ prefix) for {@code user}; empty if no such pipe. */
    Optional<NamedPipe> open(String name, String user);

    /** One open pipe instance: message-mode writes and reads of DCE/RPC PDUs. */
    interface NamedPipe {
        void write(byte[] data);

        /** Up to maxLen bytes of pending output; empty when none. */
        byte[] read(int maxLen);

        /** FSCTL_PIPE_TRANSCEIVE: write then read. */
        default byte[] transact(byte[] in, int maxOut) {
            write(in);
            return read(maxOut);
        }

        void close();
    }
}
