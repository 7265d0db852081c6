/**
 * The server's YAML configuration: {@link dev.casmb.smb.config.ConfigLoader} (unknown keys are errors),
 * {@link dev.casmb.smb.config.ServerConfig} with secure defaults (signing required, no guest, no SMB1), and per share
 * {@link dev.casmb.smb.config.ShareConfig} with its {@link dev.casmb.smb.config.ShareAcl}, the
 * {@link dev.casmb.smb.config.ResourceLimits} of the {@code limits:} section, and
 * {@link dev.casmb.smb.config.ServerFiles}, the few calls for the server's own files (configuration, user database,
 * local handle-store log) that are no share's. Plain records on SnakeYAML;
 * no dependency on the rest of the server.
 */
package dev.casmb.smb.config;
