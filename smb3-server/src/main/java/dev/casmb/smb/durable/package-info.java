/**
 * Durable and persistent handles (MS-SMB2 3.3.5.9.6/7/10/12, 3.3.7.1): parsing the DHnQ/DHnC/DH2Q/DH2C contexts,
 * granting (the CREATE side is {@link dev.casmb.smb.open.DurableCreate}), keeping an open across a disconnect, reclaiming and expiring it, and reloading persistent handles after a
 * restart or takeover ({@link dev.casmb.smb.durable.HandleRestorer}). State is persisted as
 * {@link dev.casmb.smb.durable.HandleRecord}s through a {@link dev.casmb.smb.durable.HandleStore}, durable before the
 * reply: {@link dev.casmb.smb.durable.LocalHandleStore} (a CRC'd, group-committed log) on one node, the Raft store of
 * {@code ha-pair} on the pair. The server is reached through {@link dev.casmb.smb.durable.DurableHost}.
 */
package dev.casmb.smb.durable;

