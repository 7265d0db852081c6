/**
 * A small SMB 3.x client for continuously-available shares (module {@code smb-client}), used by the upgrade drill, the
 * open/close bench ({@link dev.casmb.client.OpenCloseBench}) and the pair's conformance tests: NTLMv2, signing, CREATE
 * with persistent handles (DH2Q), READ/WRITE/FLUSH/LOCK/CLOSE, and reconnect with DH2C reclaim and replay as a Windows
 * client does (MS-SMB2 3.2.4.1.1, 3.2.5.1). {@link dev.casmb.client.WitnessFollower} adds the MS-SWN client behaviour
 * (3.2) on top of {@code witness-rpc}'s client. Not part of the server: it shares with it {@code smb-auth}, the signing
 * code and the wire records of {@code dev.casmb.smb.proto} (the SMB2 header, and the message records where they exist,
 * CLOSE today); the other requests are still built here.
 */
package dev.casmb.client;
