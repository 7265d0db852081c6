/**
 * DCE/RPC transports: the ncacn_ip_tcp listener (MS-RPCE 2.1.1.1, Netty, one {@link dev.casmb.rpc.RpcConnection} per
 * channel, TCP keep-alive so dead witness clients run down) and the ncacn_np endpoint
 * ({@link dev.casmb.rpc.transport.RpcPipeSession}, MS-RPCE 2.1.1.2) that the SMB server drives with WRITE, READ and
 * FSCTL_PIPE_TRANSCEIVE. Both split byte streams into PDUs by frag_length (C706 12.6.3.1).
 */
package dev.casmb.rpc.transport;
