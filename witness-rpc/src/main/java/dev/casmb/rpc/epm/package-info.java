/**
 * The DCE/RPC endpoint mapper (C706 Appendix O, MS-RPCE 2.2.1.2): unauthenticated ept_map (opnum 3) for
 * ncacn_ip_tcp towers (C706 Appendix L, {@link dev.casmb.rpc.epm.TcpTower}), answering from the
 * {@link dev.casmb.rpc.epm.EndpointRegistry} of dynamic TCP ports, always with the IP the client used to reach it.
 */
package dev.casmb.rpc.epm;
