/**
 * The Netty transport: the SMB listener whose addresses can be bound and unbound at run time as LIFs move
 * ({@link dev.casmb.smb.transport.SmbServer}), Direct-TCP framing with a slow-loris timeout (MS-SMB2 2.1,
 * {@link dev.casmb.smb.transport.SessionFrameDecoder}) and the handler that moves each frame to the connection's worker
 * thread (reusable large direct buffers are in {@link dev.casmb.smb.buffer}). Protocol decisions are left to {@link dev.casmb.smb.dispatch}.
 */
package dev.casmb.smb.transport;
