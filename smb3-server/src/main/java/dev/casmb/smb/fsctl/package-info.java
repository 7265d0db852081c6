/**
 * The FSCTLs behind SMB2 IOCTL (MS-SMB2 3.3.5.15, MS-FSCC 2.3), one {@link dev.casmb.smb.fsctl.FsctlHandler} per family
 * registered in {@link dev.casmb.smb.fsctl.Fsctls}: server-side copy (3.3.5.15.5/6), VALIDATE_NEGOTIATE_INFO
 * (3.3.5.15.12), QUERY_NETWORK_INTERFACE_INFO, LMR_REQUEST_RESILIENCY, PIPE_TRANSCEIVE to IPC$ pipes, sparse files,
 * object ids and compression (always off). Request validation stays in {@code command.Ioctl}; this package only
 * runs the control code against an open.
 */
package dev.casmb.smb.fsctl;
