/**
 * One handler per SMB2 command (MS-SMB2 3.3.5.x), registered in {@link dev.casmb.smb.command.Commands}:
 * NEGOTIATE (3.3.5.4, plus the SMB1 multi-protocol NEGOTIATE of 3.3.5.3), SESSION_SETUP and session binding (3.3.5.5),
 * TREE_CONNECT, CREATE (3.3.5.9), READ/WRITE, LOCK (3.3.5.14), IOCTL (3.3.5.15), QUERY_DIRECTORY, CHANGE_NOTIFY,
 * QUERY_INFO/SET_INFO (3.3.5.20/21) and OPLOCK_BREAK acknowledgements. Handlers never sign, encrypt, compound or
 * check credits: {@link dev.casmb.smb.dispatch} does that; FSCTLs, info classes, leases and durability are delegated
 * to their own packages.
 */
package dev.casmb.smb.command;
