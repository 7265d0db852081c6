/**
 * SMB 3.x cryptography: the SP800-108 KDF (MS-SMB2 3.1.4.2), message signing with HMAC-SHA256, AES-CMAC and AES-GMAC
 * (3.1.4.1, {@link dev.casmb.smb.crypto.MessageSigner}), TRANSFORM_HEADER encryption with AES-GCM/CCM (2.2.41, 3.1.4.3,
 * {@link dev.casmb.smb.crypto.TransformCodec}) and the 3.1.1 pre-authentication hash. GCM/GMAC run on JCE with its
 * intrinsics (see {@link dev.casmb.smb.crypto.CryptoWarmup}), CCM on Bouncy Castle. Works on Netty buffers without
 * copying; knows nothing of sessions or commands.
 */
package dev.casmb.smb.crypto;
