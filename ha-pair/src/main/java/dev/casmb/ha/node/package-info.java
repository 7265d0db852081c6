/**
 * One node: {@link dev.casmb.ha.node.NodeDaemon} runs the SMB server, the DCE/RPC endpoint mapper + witness +
 * srvsvc ({@code witness-rpc}) and the LIF manager, and makes SMB, EPM and witness listening follow the LIFs placed
 * on the node, configured by a {@link dev.casmb.ha.node.NodeConfig}; {@link dev.casmb.ha.node.AdminShell} starts its admin
 * SSH shell. Failover decisions are not made here ({@link dev.casmb.ha.pair}, which builds on this package); the process
 * entry point that starts a pair member or a single node is {@link dev.casmb.ha.launch.NodeMain}.
 */
package dev.casmb.ha.node;
