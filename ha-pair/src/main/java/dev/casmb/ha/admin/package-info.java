/**
 * The admin shell of the HA pair: an SSH server ({@link dev.casmb.ha.admin.ssh.AdminServer}) with
 * ONTAP-flavoured commands ({@link dev.casmb.ha.admin.cli.AdminCommands}) over an
 * {@link dev.casmb.ha.admin.AdminBackend}, audited through an {@link dev.casmb.ha.admin.AuditSink}.
 *
 * <p>Exit status of a non-interactive command ({@code ssh admin@node 'storage failover show'}):
 * 0 success, 1 the command failed ("Error: command failed: ..."), 2 it did not parse ("Error: ...").
 */
package dev.casmb.ha.admin;
