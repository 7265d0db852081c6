/**
 * The transport-neutral, connection-oriented DCE/RPC server runtime (C706 ch. 12, MS-RPCE 3.3.1):
 * {@link dev.casmb.rpc.RpcServer} holds the registered {@link dev.casmb.rpc.RpcInterface}s, association groups,
 * security provider and {@link dev.casmb.rpc.RpcLimits}; {@link dev.casmb.rpc.RpcConnection} runs bind, fragment
 * reassembly, sign/seal and calls for one connection on a serial executor. Transports (TCP, named pipes) feed it whole
 * PDUs and receive outbound PDUs through a {@link dev.casmb.rpc.PduSink}; interfaces never block.
 */
package dev.casmb.rpc;
