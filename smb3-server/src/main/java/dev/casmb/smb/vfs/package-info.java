/**
 * The file system under a share, behind one interface: {@link dev.casmb.smb.vfs.Vfs} is every operation the server
 * makes on a share's files (name resolution from the share root with links confined, stat, list, create, open as a
 * FileChannel, delete, rename, times, read-only and DOS attributes, end of file, holes and allocated ranges, copy,
 * volume space); the protocol code reaches files only through it. {@link dev.casmb.smb.vfs.VfsErrors} is the one
 * place that maps java.nio failures to NTSTATUS. {@link dev.casmb.smb.vfs.Share} is a disk share: its configuration
 * and its Vfs; {@link dev.casmb.smb.vfs.FileMeta} what a stat returns. The local implementation is in {@code vfs.local}
 * ({@code LocalVfs}, built on {@link dev.casmb.smb.vfs.PathResolver}, a {@code unix:} attribute stat and the
 * {@code user.casmb.dosattrib} xattr); tests also run the server on an in-memory Vfs. No opens, sessions or wire
 * formats here.
 */
package dev.casmb.smb.vfs;
