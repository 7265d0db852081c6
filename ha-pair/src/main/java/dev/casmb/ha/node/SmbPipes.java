package dev.casmb.ha.node;

import dev.casmb.rpc.server.WitnessRpcNode;
import dev.casmb.rpc.transport.RpcPipeSession;
import dev.casmb.smb.ipc.NamedPipeService;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

/** IPC$ named pipes of the SMB server served by the node's DCE/RPC runtime (srvsvc). */
final class SmbPipes implements NamedPipeService {
    private static final Set<String> PIPES = Set.of("srvsvc");
    private final WitnessRpcNode rpc;

    SmbPipes(WitnessRpcNode rpc) {
        this.rpc = rpc;
    }

    @Override
    public Optional<NamedPipe> open(String name, String user, InetSocketAddress client, InetSocketAddress local) {
        if (!PIPES.contains(name)) return Optional.empty();
        RpcPipeSession s = rpc.openPipe(name, client, local);
        return Optional.of(new NamedPipe() {
            @Override public void write(byte[] data) { s.write(data); }
            @Override public byte[] read(int maxLen) { return s.read(maxLen); }
            @Override public int remaining() { return s.remainingInCurrentMessage(); }
            @Override public byte[] transact(byte[] in, int maxOut) { return s.transact(in, maxOut); }
            @Override public void close() { s.close(); }
        });
    }
}
