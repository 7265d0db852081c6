/**
 * The server's abstract data model (MS-SMB2 3.3.1): connections (3.3.1.7), sessions (3.3.1.8) and their channels
 * (3.3.1.14), tree connects (3.3.1.9), opens (3.3.1.10), the global open table and per-file
 * {@link dev.casmb.smb.state.FileNode}s with byte-range locks (MS-FSA 2.1.5.7), the connection's credit window (3.3.1.1) and the durable part of an
 * open ({@link dev.casmb.smb.state.DurableState}, with the shared expiry timer of reloaded handles), leases
 * ({@link dev.casmb.smb.state.Lease}, 3.3.1.13; changed only by the lease table) and the
 * {@link dev.casmb.smb.state.MessageSender} through which a connection's dispatcher is reached from here.
 * Data and its invariants only; the protocol steps that change it are in {@link dev.casmb.smb.command}. Components
 * that keep tables about opens (leases, oplocks, notify) implement {@link dev.casmb.smb.state.OpenLifecycleListener}
 * and are told of closes, disconnects and reclaims by the server.
 */
package dev.casmb.smb.state;
