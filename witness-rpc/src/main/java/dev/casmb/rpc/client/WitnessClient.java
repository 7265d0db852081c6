package dev.casmb.rpc.client;

import dev.casmb.rpc.assoc.ContextHandle;
import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.swn.WitnessConstants;
import dev.casmb.rpc.swn.WitnessService;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An MS-SWN (Service Witness Protocol) client over one authenticated association (packet integrity):
 * WitnessrGetInterfaceList, WitnessrRegisterEx (v2), WitnessrAsyncNotify and WitnessrUnRegister, as a
 * Windows SMB client uses them to learn of cluster moves before its connection breaks (MS-SWN 3.2).
 * AsyncNotify blocks until the server has an event (or its keep-alive expires), so a follower calls it
 * from its own thread; one call at a time per client.
 */
public final class WitnessClient implements AutoCloseable {
    /** One entry of the interface list (MS-SWN 2.2.2.5). */
    public record Interface(String groupName, int version, int state, InetAddress ipv4, InetAddress ipv6, int flags) {
        /** INTERFACE_WITNESS: the interface is on another node and can act as witness for this one. */
        public boolean witness() { return (flags & WitnessConstants.INFO_WITNESS_IF) != 0; }

        public boolean available() { return state == WitnessConstants.STATE_AVAILABLE; }
    }

    /** A decoded RESP_ASYNC_NOTIFY (MS-SWN 2.2.2.4). */
    public record Notification(int type, List<ResourceChange> changes, List<IpAddr> addresses) {
        public String typeName() {
            return switch (type) {
                case WitnessConstants.RESOURCE_CHANGE -> "RESOURCE_CHANGE";
                case WitnessConstants.CLIENT_MOVE -> "CLIENT_MOVE";
                case WitnessConstants.SHARE_MOVE -> "SHARE_MOVE";
                case WitnessConstants.IP_CHANGE -> "IP_CHANGE";
                default -> "type " + type;
            };
        }

        @Override
        public String toString() {
            return typeName() + (changes.isEmpty() ? "" : " " + changes) + (addresses.isEmpty() ? "" : " " + addresses);
        }
    }

    public record ResourceChange(String name, int changeType) {
        public boolean available() { return changeType == WitnessConstants.RESOURCE_STATE_AVAILABLE; }

        @Override
        public String toString() { return name + (available() ? " available" : changeType == 0xFF ? " unavailable" : " unknown"); }
    }

    public record IpAddr(int flags, InetAddress address) {
        public boolean online() { return (flags & WitnessConstants.IPADDR_OFFLINE) == 0; }

        @Override
        public String toString() { return address.getHostAddress() + (online() ? "" : " offline"); }
    }

    /** The bound on decoded message buffers (a notification names a handful of addresses or resources). */
    private static final int MAX_MESSAGE = 64 * 1024;
    private final RpcClientConnection rpc;

    private WitnessClient(RpcClientConnection rpc) {
        this.rpc = rpc;
    }

    /** Looks the witness port up through the endpoint mapper at {@code epm}, then binds with NTLMSSP (integrity). */
    public static WitnessClient connect(InetSocketAddress epm, RpcClientConnection.Credentials creds, int timeoutMs)
            throws IOException {
        int port = EpmClient.map(epm, WitnessService.SYNTAX, timeoutMs);
        return new WitnessClient(RpcClientConnection.open(new InetSocketAddress(epm.getAddress(), port),
            WitnessService.SYNTAX, creds, timeoutMs));
    }

    public InetSocketAddress remote() { return rpc.remote(); }

    /** WitnessrGetInterfaceList (opnum 0). */
    public List<Interface> interfaces() throws IOException {
        byte[] resp = rpc.call(WitnessConstants.OP_GET_INTERFACE_LIST, new byte[0]);
        try {
            NdrReader r = new NdrReader(resp);
            List<Interface> out = new ArrayList<>();
            if (r.pointer() != 0) {
                int n = r.count();
                if (r.pointer() != 0) {
                    if (r.count() != n || n > 1024) throw new NdrException("bad interface count");
                    for (int i = 0; i < n; i++) {
                        byte[] name = r.bytes(520);
                        int version = r.u32();
                        int state = r.u16();
                        r.align(4);
                        byte[] v4 = r.bytes(4);
                        byte[] v6 = r.bytes(16);
                        int flags = r.u32();
                        String g = new String(name, StandardCharsets.UTF_16LE);
                        int nul = g.indexOf('\0');
                        out.add(new Interface(nul < 0 ? g : g.substring(0, nul), version, state,
                            (flags & WitnessConstants.INFO_IPV4_VALID) != 0 ? InetAddress.getByAddress(v4) : null,
                            (flags & WitnessConstants.INFO_IPV6_VALID) != 0 ? InetAddress.getByAddress(v6) : null, flags));
                    }
                }
            }
            check(r.u32(), "GetInterfaceList");
            return out;
        } catch (NdrException e) {
            throw new RpcClientException("malformed GetInterfaceList response: " + e.getMessage());
        }
    }

    /**
     * WitnessrRegisterEx (opnum 4, v2): watch {@code netName} (the server name), {@code ip} (the address the
     * SMB client is connected to) and optionally {@code share}; returns the registration's context handle.
     */
    public ContextHandle registerEx(String netName, String share, InetAddress ip, String clientName, boolean ipNotifications,
                                    int keepAliveSeconds) throws IOException {
        NdrWriter w = new NdrWriter();
        w.u32(WitnessConstants.WITNESS_V2);
        w.uniqueWString(netName);
        w.uniqueWString(share);
        w.uniqueWString(ip.getHostAddress());
        w.uniqueWString(clientName);
        w.u32(ipNotifications ? WitnessConstants.REGISTER_IP_NOTIFICATION : 0);
        w.u32(keepAliveSeconds);
        byte[] resp = rpc.call(WitnessConstants.OP_REGISTER_EX, w.toByteArray());
        try {
            NdrReader r = new NdrReader(resp);
            ContextHandle h = ContextHandle.read(r);
            check(r.u32(), "RegisterEx");
            return h;
        } catch (NdrException e) {
            throw new RpcClientException("malformed RegisterEx response: " + e.getMessage());
        }
    }

    /** WitnessrUnRegister (opnum 2). */
    public void unregister(ContextHandle h) throws IOException {
        NdrWriter w = new NdrWriter();
        h.write(w);
        byte[] resp = rpc.call(WitnessConstants.OP_UNREGISTER, w.toByteArray());
        try {
            check(new NdrReader(resp).u32(), "UnRegister");
        } catch (NdrException e) {
            throw new RpcClientException("malformed UnRegister response: " + e.getMessage());
        }
    }

    /**
     * WitnessrAsyncNotify (opnum 3): waits (up to {@code timeoutMs}, 0 = forever) for the next notification.
     * A keep-alive expiry on the server side comes back as {@link WitnessStatusException} ERROR_TIMEOUT.
     */
    public Notification asyncNotify(ContextHandle h, int timeoutMs) throws IOException {
        NdrWriter w = new NdrWriter();
        h.write(w);
        rpc.setTimeoutMs(timeoutMs);
        byte[] resp = rpc.call(WitnessConstants.OP_ASYNC_NOTIFY, w.toByteArray());
        try {
            NdrReader r = new NdrReader(resp);
            if (r.pointer() == 0) {
                check(r.u32(), "AsyncNotify");
                throw new RpcClientException("AsyncNotify returned no notification and no error");
            }
            int type = r.u32();
            int length = r.count();
            int num = r.count();
            byte[] buf = new byte[0];
            if (r.pointer() != 0) {
                int max = r.count();
                if (max != length || length > MAX_MESSAGE) throw new NdrException("bad message buffer length");
                buf = r.bytes(length);
            }
            r.align(4);
            check(r.u32(), "AsyncNotify");
            return decode(type, num, buf);
        } catch (NdrException e) {
            throw new RpcClientException("malformed AsyncNotify response: " + e.getMessage());
        }
    }

    /** Decodes the message buffer (MS-SWN 2.2.2.1-2.2.2.3); bounded by the buffer, never trusts counts. */
    static Notification decode(int type, int num, byte[] b) throws NdrException {
        List<ResourceChange> changes = new ArrayList<>();
        List<IpAddr> addrs = new ArrayList<>();
        if (type == WitnessConstants.RESOURCE_CHANGE) {
            int off = 0;
            for (int i = 0; i < num && off + 8 <= b.length; i++) {
                int len = le32(b, off);
                int change = le32(b, off + 4);
                if (len < 8 || len > b.length - off) throw new NdrException("bad RESOURCE_CHANGE length");
                String name = new String(b, off + 8, len - 8, StandardCharsets.UTF_16LE);
                int nul = name.indexOf('\0');
                changes.add(new ResourceChange(nul < 0 ? name : name.substring(0, nul), change));
                off += len;
            }
        } else if (type == WitnessConstants.CLIENT_MOVE || type == WitnessConstants.SHARE_MOVE
                || type == WitnessConstants.IP_CHANGE) {
            int off = 0;
            for (int m = 0; m < num && off + 12 <= b.length; m++) {
                int len = le32(b, off);
                int n = le32(b, off + 8);
                if (len < 12 || len > b.length - off || n < 0 || n > (len - 12) / 24) throw new NdrException("bad IPADDR_INFO_LIST");
                for (int i = 0; i < n; i++) {
                    int p = off + 12 + 24 * i;
                    int flags = le32(b, p);
                    try {
                        if ((flags & WitnessConstants.IPADDR_V4) != 0) {
                            addrs.add(new IpAddr(flags, Inet4Address.getByAddress(Arrays.copyOfRange(b, p + 4, p + 8))));
                        } else if ((flags & WitnessConstants.IPADDR_V6) != 0) {
                            addrs.add(new IpAddr(flags, Inet6Address.getByAddress(Arrays.copyOfRange(b, p + 8, p + 24))));
                        }
                    } catch (java.net.UnknownHostException e) {
                        throw new NdrException("bad address");
                    }
                }
                off += len;
            }
        }
        return new Notification(type, List.copyOf(changes), List.copyOf(addrs));
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void check(int status, String op) throws WitnessStatusException {
        if (status != WitnessConstants.ERROR_SUCCESS) throw new WitnessStatusException(op, status);
    }

    @Override
    public void close() {
        rpc.close();
    }
}
