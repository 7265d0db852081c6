/**
 * The open engine: what a CREATE does once decoded (the analogue of illumos {@code smb_common_open} and Samba's
 * {@code smbd/open.c}). {@link dev.casmb.smb.open.OpenEngine} applies the parameter checks of MS-SMB2 3.3.5.9, the
 * dispositions and create options of MS-FSA 2.1.5.1 (SUPERSEDE/OPEN/CREATE/OPEN_IF/OVERWRITE/OVERWRITE_IF, directory
 * and non-directory files, delete-on-close, the read-only attribute, delete-pending), {@link dev.casmb.smb.open.Access}
 * (granted, maximal and implied access, MS-FSA 2.1.5.1.2.1), {@link dev.casmb.smb.open.ShareModes} (MS-FSA 2.1.5.1.2
 * sharing violations) and {@link dev.casmb.smb.open.OplocksAndLeases} (the engine's one door to the oplock and lease
 * tables: requests, grants, responses, and the breaks before an open proceeds: the CREATE goes async and runs again,
 * MS-SMB2 3.3.5.9 / 3.3.4.6). The file system is reached only through the share's
 * {@link dev.casmb.smb.vfs.Vfs}; durable handles through {@link dev.casmb.smb.open.DurableCreate}. The result is an
 * {@link dev.casmb.smb.open.OpenResult} that {@code command.Create} encodes; no wire format here.
 */
package dev.casmb.smb.open;
