package dev.casmb.rpc.swn;

import java.net.InetAddress;
import java.util.List;

/**
 * Notification inputs of the witness service ([MS-SWN] §3.1.6), called by the HA/LIF layer. Non-blocking;
 * pending AsyncNotify calls are completed immediately.
 */
public interface WitnessEvents {

    /** §3.1.6.1: the LIF {@code ip} became available/unavailable; hits registrations for that IP. */
    void resourceChange(InetAddress ip, boolean available);

    /** §3.1.6.2: move clients registered for {@code registeredIp} to {@code destinations} (CLIENT_MOVE). */
    void clientMove(InetAddress registeredIp, List<IpAddrInfo> destinations);

    /** §3.1.6.2: move the client named {@code clientComputerName} (admin move). */
    void clientMoveByName(String clientComputerName, List<IpAddrInfo> destinations);

    /** §3.1.6.3: the share moved (SHARE_MOVE to v2 registrations with that ShareName). */
    void shareMove(String shareName, List<IpAddrInfo> destinations);

    /** §3.1.6.4: SVM IP addresses changed (IP_CHANGE to v2 registrations with IP notification). */
    void ipChange(List<IpAddrInfo> changes);

    /** Drop all registrations for {@code registeredIp} (pending AsyncNotify gets ERROR_NOT_FOUND). */
    void forceUnregister(InetAddress registeredIp);
}
