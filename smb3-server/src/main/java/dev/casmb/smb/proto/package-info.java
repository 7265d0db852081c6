/**
 * SMB2 wire vocabulary shared by every other package: the 64-byte header (MS-SMB2 2.2.1), command codes, dialects
 * (2.2.3), create-context chains (2.2.13.2), access-mask bits ({@link dev.casmb.smb.proto.AccessMask}, 2.2.13.1), lease-state bits ({@link dev.casmb.smb.proto.LeaseState}, 2.2.13.2.8), NTSTATUS values (MS-ERREF 2.3) and {@link dev.casmb.smb.proto.SmbException}.
 * Depends only on Netty buffers; holds no state.
 */
package dev.casmb.smb.proto;
