/**
 * The {@code casmb-smb serve|useradd} command line ({@link dev.casmb.smb.launcher.SmbMain}): loads the configuration,
 * builds a {@link dev.casmb.smb.ServerContext} and starts the transport. The top of the package order; nothing in
 * the server depends on it.
 */
package dev.casmb.smb.launcher;
