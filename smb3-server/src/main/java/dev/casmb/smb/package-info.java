/**
 * Wiring of the SMB 3 server: {@link dev.casmb.smb.ServerContext}, the server-wide state every
 * connection shares (config, shares, users, the open table, durable handles, the IPC$ pipe service). Protocol work
 * lives in the subpackages; {@code ha-pair}'s node daemon builds its own {@code ServerContext} instead of running
 * {@link dev.casmb.smb.launcher.SmbMain}. The entry point lives in {@code launcher}, above every other package.
 */
package dev.casmb.smb;
