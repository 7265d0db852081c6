/**
 * Entry point and wiring of the single-node SMB 3 server: {@link dev.casmb.smb.SmbMain} (the
 * {@code casmb-smb serve|useradd} command line) and {@link dev.casmb.smb.ServerContext}, the server-wide state every
 * connection shares (config, shares, users, the open table, durable handles, the IPC$ pipe service). Protocol work
 * lives in the subpackages; {@code ha-pair}'s node daemon builds its own {@code ServerContext} instead of running
 * {@code SmbMain}.
 */
package dev.casmb.smb;
