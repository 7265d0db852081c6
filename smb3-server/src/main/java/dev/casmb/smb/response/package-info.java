/**
 * What a command handler returns ({@link dev.casmb.smb.response.SmbResponse}: status and body, or pending), and the
 * narrow views of a request that may be answered later ({@link dev.casmb.smb.response.DeferrableRequest},
 * {@link dev.casmb.smb.response.PendingResponse}) for components below the dispatcher, such as change notification.
 * The dispatcher implements them; nothing here depends on the rest of the server.
 */
package dev.casmb.smb.response;
