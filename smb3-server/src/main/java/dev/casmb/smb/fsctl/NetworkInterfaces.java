package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.NetworkInterfaceInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * FSCTL_QUERY_NETWORK_INTERFACE_INFO (MS-SMB2 2.2.32.5): one NETWORK_INTERFACE_INFO entry for the
 * local address this connection arrived on (a multichannel client may only add channels to addresses
 * the server really listens on).
 */
final class NetworkInterfaces implements FsctlHandler {
    static final int ENTRY_SIZE = NetworkInterfaceInfo.SIZE;
    static final long LINK_SPEED = 10_000_000_000L;

    @Override public boolean noFile(int ctlCode) { return true; }

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        InetAddress local = null;
        var ch = r.smb().connection().channel;
        if (ch != null && ch.localAddress() instanceof InetSocketAddress a) local = a.getAddress();
        if (local == null) throw new SmbException(NtStatus.NOT_SUPPORTED, "no local address");
        if (r.maxOutput() < ENTRY_SIZE) throw new SmbException(NtStatus.BUFFER_TOO_SMALL);
        return FsctlResult.ok(entry(local, 1, LINK_SPEED));
    }

    static byte[] entry(InetAddress addr, int ifIndex, long linkSpeed) {
        // the last (only) entry; Capability: neither RSS nor RDMA
        return new NetworkInterfaceInfo(0, ifIndex, 0, linkSpeed, addr).toBytes();
    }
}
