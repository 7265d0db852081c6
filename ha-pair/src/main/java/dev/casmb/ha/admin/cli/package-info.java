/**
 * The admin shell's command language, independent of SSH: an ONTAP-style {@link dev.casmb.ha.admin.cli.CommandTree}
 * (abbreviated words and options, {@code ?} help, tab completion, exit codes OK/FAILED/USAGE, auditing of
 * state-changing commands), a quoting {@link dev.casmb.ha.admin.cli.Tokenizer}, typed
 * {@link dev.casmb.ha.admin.cli.OptionSpec}s, ONTAP-style {@link dev.casmb.ha.admin.cli.Table}s, and the commands
 * themselves ({@link dev.casmb.ha.admin.cli.AdminCommands}) over an {@link dev.casmb.ha.admin.AdminBackend}.
 */
package dev.casmb.ha.admin.cli;
