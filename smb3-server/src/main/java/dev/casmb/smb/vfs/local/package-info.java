/**
 * The local implementation of {@link dev.casmb.smb.vfs.Vfs}: {@link dev.casmb.smb.vfs.local.LocalVfs}, a share kept in a
 * directory of the local file system through java.nio. (The server's own files, which are no share's, are
 * reached through {@link dev.casmb.smb.config.ServerFiles}.)
 */
package dev.casmb.smb.vfs.local;
