package dev.casmb.rpc.swn;

import dev.casmb.rpc.ndr.NdrWriter;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encoders for MS-SWN notification message buffers (§2.2.2.1-2.2.2.3: raw little-endian structures, IP
 * addresses in network order) and the RESP_ASYNC_NOTIFY NDR stub (§2.2.2.4, §3.1.4.4).
 */
public final class NotificationCodec {
    private NotificationCodec() {
    }

    /** Back-to-back RESOURCE_CHANGE structures: u32 Length (incl. header), u32 ChangeType, WCHAR name + NUL. */
    public static Notification resourceChanges(List<ResourceChange> changes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ResourceChange c : changes) {
            byte[] name = (c.resourceName() + "\0").getBytes(StandardCharsets.UTF_16LE);
            le32(out, 8 + name.length);
            le32(out, c.changeType());
            out.writeBytes(name);
        }
        return new Notification(WitnessConstants.RESOURCE_CHANGE, changes.size(), out.toByteArray());
    }

    /** IPADDR_INFO_LIST: u32 Length (= 12 + 24n), u32 Reserved, u32 IPAddrInstances, n x IPADDR_INFO. */
    public static Notification ipAddrList(int messageType, List<IpAddrInfo> addrs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, 12 + 24 * addrs.size());
        le32(out, 0);
        le32(out, addrs.size());
        for (IpAddrInfo a : addrs) {
            le32(out, a.flags());
            out.writeBytes(a.address() instanceof Inet4Address ? a.address().getAddress() : new byte[4]);
            out.writeBytes(a.address() instanceof Inet6Address ? a.address().getAddress() : new byte[16]);
        }
        return new Notification(messageType, 1, out.toByteArray());
    }

    /** WitnessrAsyncNotify response stub with a notification and ERROR_SUCCESS. */
    public static byte[] asyncNotifyResponse(Notification n) {
        NdrWriter w = new NdrWriter();
        w.referent();
        w.u32(n.messageType()).u32(n.messageBuffer().length).u32(n.numberOfMessages());
        w.referent();
        w.u32(n.messageBuffer().length).bytes(n.messageBuffer()).align(4);
        w.u32(WitnessConstants.ERROR_SUCCESS);
        return w.toByteArray();
    }

    /** WitnessrAsyncNotify response stub with NULL pResp and an error (e.g. ERROR_TIMEOUT). */
    public static byte[] asyncNotifyError(int status) {
        return new NdrWriter().nullPointer().u32(status).toByteArray();
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
