/**
 * Leases and oplocks, one package because MS-FSA treats a lease as an oplock and the two tables break each other.
 * SMB2 leases (MS-SMB2 3.3.1.4 LeaseTable, 3.3.4.7, 3.3.5.9.8/11, 3.3.5.22.2; MS-FSA 2.1.4.12 for what breaks one):
 * the RqLs create context, the lease table and state machine ({@link dev.casmb.smb.lease.Leases}, one per server:
 * {@code ServerContext.leases()}, registered as an open lifecycle listener), its rules as pure functions
 * ({@link dev.casmb.smb.lease.LeaseRules}); the lease itself is data of its opens ({@link dev.casmb.smb.state.Lease}).
 * Oplocks (MS-SMB2 3.3.5.9, 3.3.4.6, 3.3.5.22.1; MS-FSA 2.1.5.17): grants at CREATE, breaks of other opens' oplocks
 * when a conflicting open arrives, waiting for the acknowledgement or break timeout ({@link dev.casmb.smb.lease.Oplocks},
 * one per server, {@code ServerContext.oplocks()}). Break notifications (2.2.23) go out through
 * {@link dev.casmb.smb.lease.BreakSender} on a connection's {@link dev.casmb.smb.state.MessageSender}. The tables
 * reach their server only through {@link dev.casmb.smb.lease.OplockHost} (timer, close path, durable persistence),
 * so this package sits below {@link dev.casmb.smb.durable} and the server wiring.
 */
package dev.casmb.smb.lease;
