package dev.casmb.rpc.swn;

import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * One entry of the MS-SWN InterfaceList (§3.1.1): a data LIF of the SVM.
 *
 * @param groupName InterfaceGroupName, e.g. the home node's NetBIOS name ("NODEA")
 * @param state {@link WitnessConstants#STATE_AVAILABLE} etc.
 * @param ipv4 may be null
 * @param ipv6 may be null
 * @param hostedLocally true if the LIF is currently hosted by the node answering; false sets INTERFACE_WITNESS
 */
public record WitnessInterface(String groupName, int state, Inet4Address ipv4, Inet6Address ipv6,
        boolean hostedLocally) {
}
