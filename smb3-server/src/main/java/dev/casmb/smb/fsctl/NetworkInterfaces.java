package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * FSCTL_QUERY_NETWORK_INTERFACE_INFO (MS-SMB2 2.2.32.5): one NETWORK_INTERFACE_INFO entry for the
 * local address this connection arrived on (a multichannel client may only add channels to addresses
 * the server really listens on).
 */
final class NetworkInterfaces implements FsctlHandler {
    static final int ENTRY_SIZE = 152;
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
        byte[] b = new byte[ENTRY_SIZE];
        Le.put32(b, 0, 0); // Next: last entry
        Le.put32(b, 4, ifIndex);
        Le.put32(b, 8, 0); // Capability: neither RSS nor RDMA
        Le.put64(b, 16, linkSpeed);
        int s = 24; // SOCKADDR_STORAGE
        if (addr instanceof Inet4Address) {
            Le.put16(b, s, 0x0002);
            System.arraycopy(addr.getAddress(), 0, b, s + 4, 4);
        } else if (addr instanceof Inet6Address a6) {
            Le.put16(b, s, 0x0017);
            System.arraycopy(addr.getAddress(), 0, b, s + 8, 16);
            Le.put32(b, s + 24, a6.getScopeId());
        }
        return b;
    }
}
