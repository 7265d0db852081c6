/**
 * Per-connection SMB2 dispatch (MS-SMB2 3.3.5.2): {@link dev.casmb.smb.dispatch.Dispatcher} decrypts, splits
 * compounds (3.3.5.2.7, {@link dev.casmb.smb.dispatch.CompoundRun}), checks the credit window (3.3.1.1), session, tree
 * and signature, runs the {@link dev.casmb.smb.dispatch.CommandTable} handler, then signs, compounds and encrypts the
 * responses. Also async operations with interim STATUS_PENDING (3.3.4.2, {@link dev.casmb.smb.dispatch.AsyncOp}) and their limits ({@link dev.casmb.smb.dispatch.AsyncLimits}).
 * Handlers see only {@link dev.casmb.smb.dispatch.SmbRequest} and return an {@link dev.casmb.smb.response.SmbResponse}.
 * The server's unsolicited oplock and lease break notifications (3.3.4.6/7) are written by
 * {@link dev.casmb.smb.lease.BreakSender} through the connection's dispatcher.
 */
package dev.casmb.smb.dispatch;
