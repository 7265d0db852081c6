/**
 * {@link dev.casmb.rpc.server.WitnessRpcNode}: everything RPC one node runs, wired together: one RPC server with the
 * endpoint mapper, the MS-SWN witness, srvsvc and the clusapi subset; TCP listeners for EPM (135) and the witness on
 * every data LIF the node hosts; named-pipe sessions for the SMB server's IPC$. Driven by {@code ha-pair} (LIF up/down,
 * HA events); holds no protocol logic of its own.
 */
package dev.casmb.rpc.server;
