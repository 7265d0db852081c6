/**
 * A small SMB 3.x client for continuously-available shares, used by the upgrade drill, the open/close bench and the
 * pair's tests: NTLMv2, signing, CREATE with persistent handles (DH2Q), READ/WRITE/FLUSH/LOCK/CLOSE, and reconnect with
 * DH2C reclaim and replay as a Windows client does (MS-SMB2 3.2.4.1.1, 3.2.5.1).
 * {@link dev.casmb.client.WitnessFollower} adds the MS-SWN client behaviour (3.2) on top of {@code witness-rpc}'s
 * client. Not part of the server; it shares only {@code smb-auth} and the signing code with it.
 */
package dev.casmb.client;
