/**
 * The local implementation of {@link dev.casmb.smb.vfs.Vfs}: {@link dev.casmb.smb.vfs.local.LocalVfs}, a share kept in a
 * directory of the local file system through java.nio, and {@link dev.casmb.smb.vfs.local.ServerFiles}, the few calls
 * for the server's own files (configuration, user database, local handle-store log) that are no share's.
 */
package dev.casmb.smb.vfs.local;
