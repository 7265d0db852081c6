/**
 * The admin shell over SSH (Apache MINA SSHD): {@link dev.casmb.ha.admin.ssh.AdminServer} with per-node and
 * per-address session limits, admin accounts separate from SMB users (PBKDF2 password hashes, authorized_keys), an
 * interactive line editor for ptys and non-interactive {@code ssh admin@node 'command'} with the command's exit
 * status; {@link dev.casmb.ha.admin.ssh.SshExec} is the client side the drill uses. Commands come from
 * {@link dev.casmb.ha.admin.cli}.
 */
package dev.casmb.ha.admin.ssh;
