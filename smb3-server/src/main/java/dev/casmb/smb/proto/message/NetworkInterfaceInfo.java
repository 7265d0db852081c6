package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * NETWORK_INTERFACE_INFO (MS-SMB2 2.2.32.5), one entry of the FSCTL_QUERY_NETWORK_INTERFACE_INFO output:
 * Next, IfIndex, Capability (RSS 0x1, RDMA 0x2), Reserved, LinkSpeed, then a 128-byte SOCKADDR_STORAGE
 * (AF_INET 0x0002: port, IPv4 address; AF_INET6 0x0017: port, flow info, IPv6 address, scope id).
 * 152 bytes. {@code next} is the offset of the following entry, 0 for the last.
 */
public record NetworkInterfaceInfo(int next, int ifIndex, int capability, long linkSpeed, InetAddress address) {
    public static final int SIZE = 152;
    public static final int CAP_RSS = 0x1, CAP_RDMA = 0x2;
    static final int AF_INET = 0x0002, AF_INET6 = 0x0017;
    static final int SOCKADDR_AT = 24;

    public static NetworkInterfaceInfo decode(byte[] in) throws SmbException {
        ByteBuf b = Unpooled.wrappedBuffer(in);
        FsctlBuffers.require(b, SIZE);
        int family = b.getUnsignedShortLE(SOCKADDR_AT);
        InetAddress a = null;
        try {
            if (family == AF_INET) {
                byte[] v4 = new byte[4];
                b.getBytes(SOCKADDR_AT + 4, v4);
                a = InetAddress.getByAddress(v4);
            } else if (family == AF_INET6) {
                byte[] v6 = new byte[16];
                b.getBytes(SOCKADDR_AT + 8, v6);
                a = Inet6Address.getByAddress(null, v6, b.getIntLE(SOCKADDR_AT + 24));
            }
        } catch (UnknownHostException e) {
            a = null; // lengths above are right: not reached
        }
        return new NetworkInterfaceInfo(b.getIntLE(0), b.getIntLE(4), b.getIntLE(8), b.getLongLE(16), a);
    }

    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(next);
        out.writeIntLE(ifIndex);
        out.writeIntLE(capability);
        out.writeIntLE(0);
        out.writeLongLE(linkSpeed);
        if (address instanceof Inet4Address) {
            out.writeShortLE(AF_INET);
            out.writeShortLE(0);
            out.writeBytes(address.getAddress());
        } else if (address instanceof Inet6Address a6) {
            out.writeShortLE(AF_INET6);
            out.writeShortLE(0);
            out.writeIntLE(0);
            out.writeBytes(address.getAddress());
            out.writeIntLE(a6.getScopeId());
        }
        out.writeZero(SIZE - (out.writerIndex() - start));
    }

    public byte[] toBytes() { return FsctlBuffers.bytes(this::encode); }
}
