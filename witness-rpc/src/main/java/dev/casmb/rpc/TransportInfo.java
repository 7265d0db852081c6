package dev.casmb.rpc;

import java.net.InetSocketAddress;

/**
 * What a connection knows about its transport.
 *
 * @param protocol "ncacn_ip_tcp" or "ncacn_np"
 * @param local the address the client connected to (EPM answers with this IP)
 * @param remote the client address (association groups are bound to it)
 * @param secondaryAddress sec_addr for bind_ack: the TCP port as decimal, or "\\PIPE\\name"
 */
public record TransportInfo(String protocol, InetSocketAddress local, InetSocketAddress remote,
        String secondaryAddress) {
}
