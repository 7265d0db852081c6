/**
 * The named-pipe interface of IPC$ ({@link dev.casmb.smb.ipc.NamedPipeService}): message-mode reads and writes of
 * DCE/RPC PDUs. The RPC runtime itself is not in this module; the HA pair plugs in {@code witness-rpc}'s srvsvc and
 * witness pipes ({@code dev.casmb.ha.node.SmbPipes}).
 */
package dev.casmb.smb.ipc;
