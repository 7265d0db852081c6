package dev.casmb.rpc.swn;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One IPADDR_INFO (MS-SWN §2.2.2.1) in a CLIENT_MOVE / SHARE_MOVE / IP_CHANGE notification.
 *
 * @param online true sets IPADDR_ONLINE, false IPADDR_OFFLINE
 */
public record IpAddrInfo(InetAddress address, boolean online) {
    public int flags() {
        int f = address instanceof Inet4Address ? WitnessConstants.IPADDR_V4 : WitnessConstants.IPADDR_V6;
        return f | (online ? WitnessConstants.IPADDR_ONLINE : WitnessConstants.IPADDR_OFFLINE);
    }
}
