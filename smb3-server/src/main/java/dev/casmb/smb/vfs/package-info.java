/**
 * The local file system under a share: {@link dev.casmb.smb.vfs.Share} (a disk share backed by a directory),
 * {@link dev.casmb.smb.vfs.PathResolver} (confines SMB paths to the share: no "..", no reserved names, no symlink out;
 * case-insensitive lookup), {@link dev.casmb.smb.vfs.FileMeta} and DOS attributes kept in the
 * {@code user.casmb.dosattrib} xattr. Plain java.nio plus NTSTATUS for path errors; no opens, sessions or wire formats.
 */
package dev.casmb.smb.vfs;
