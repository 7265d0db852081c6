/**
 * One node: {@link dev.casmb.ha.node.NodeDaemon} runs the SMB server, the DCE/RPC endpoint mapper + witness +
 * srvsvc ({@code witness-rpc}) and the LIF manager, and makes SMB, EPM and witness listening follow the LIFs placed
 * on the node; {@link dev.casmb.ha.node.NodeMain} ({@code casmb-node}) starts it from a {@link dev.casmb.ha.node.NodeConfig},
 * as a pair member or a single node, with its admin shell. Failover decisions are not made here
 * ({@link dev.casmb.ha.pair}).
 */
package dev.casmb.ha.node;
