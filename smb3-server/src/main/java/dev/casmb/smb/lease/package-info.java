/**
 * SMB2 leases (MS-SMB2 3.3.1.4 LeaseTable, 3.3.4.7, 3.3.5.9.8/11, 3.3.5.22.2; MS-FSA 2.1.4.12 for what breaks one):
 * the RqLs create context, the lease table and state machine ({@link dev.casmb.smb.lease.Leases}, one per server:
 * {@code ServerContext.leases()}, registered as an open lifecycle listener), its rules as pure functions
 * ({@link dev.casmb.smb.lease.LeaseRules}). Break notifications go out through
 * {@link dev.casmb.smb.dispatch.BreakSender}. Interacts with
 * {@link dev.casmb.smb.oplock} for mixed lease/oplock opens; durability of a lease is handled by
 * {@link dev.casmb.smb.durable}.
 */
package dev.casmb.smb.lease;
