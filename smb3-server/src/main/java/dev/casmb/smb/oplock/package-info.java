/**
 * Oplocks (MS-SMB2 3.3.5.9, 3.3.4.6, 3.3.5.22.1; MS-FSA 2.1.5.17): grants at CREATE, breaks of other opens' oplocks
 * when a conflicting open arrives, waiting for the acknowledgement or break timeout, and the unsolicited Oplock Break
 * Notification (2.2.23.1). Leases are in {@link dev.casmb.smb.lease}.
 */
package dev.casmb.smb.oplock;
