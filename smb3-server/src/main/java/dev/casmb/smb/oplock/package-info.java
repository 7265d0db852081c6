/**
 * Oplocks (MS-SMB2 3.3.5.9, 3.3.4.6, 3.3.5.22.1; MS-FSA 2.1.5.17): grants at CREATE, breaks of other opens' oplocks
 * when a conflicting open arrives, waiting for the acknowledgement or break timeout. {@link dev.casmb.smb.oplock.Oplocks}
 * is one per server ({@code ServerContext.oplocks()}, registered as an open lifecycle listener); its notifications
 * (2.2.23.1) go out through {@link dev.casmb.smb.dispatch.BreakSender}. Leases are in {@link dev.casmb.smb.lease}.
 */
package dev.casmb.smb.oplock;
