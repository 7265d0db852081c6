package dev.casmb.smb.crypto;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Computes and checks SMB2 message signatures (MS-SMB2 3.1.4.1 and 3.1.5.1). One instance per
 * session key; thread-confined use is not required, each call builds its own MAC state.
 */
public final class MessageSigner {
    private final SigningAlgorithm algorithm;
    private final byte[] key;

    public MessageSigner(SigningAlgorithm algorithm, byte[] key) {
        this.algorithm = algorithm;
        this.key = key.clone();
    }

    public SigningAlgorithm algorithm() { return algorithm; }

    /**
     * Signature over {@code len} bytes at {@code off} of {@code msg}, with the signature field taken as
     * zero. {@code fromServer} and {@code cancel} only matter for AES-GMAC's nonce.
     */
    public byte[] sign(ByteBuf msg, int off, int len, boolean fromServer, boolean cancel) {
        byte[] data = new byte[len];
        msg.getBytes(off, data);
        java.util.Arrays.fill(data, 48, 64, (byte) 0);
        return sign(data, fromServer, cancel);
    }

    public byte[] sign(byte[] data, boolean fromServer, boolean cancel) {
        try {
            switch (algorithm) {
                case HMAC_SHA256: {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    byte[] full = mac.doFinal(data);
                    return java.util.Arrays.copyOf(full, 16);
                }
                case AES_CMAC: {
                    CMac cmac = new CMac(AESEngine.newInstance());
                    cmac.init(new KeyParameter(key));
                    cmac.update(data, 0, data.length);
                    byte[] out = new byte[16];
                    cmac.doFinal(out, 0);
                    return out;
                }
                case AES_GMAC: {
                    // MS-SMB2 3.1.4.1: nonce = MessageId (8) | 4 bytes: bit0 = sender is server, bit1 = CANCEL.
                    byte[] nonce = new byte[12];
                    System.arraycopy(data, 24, nonce, 0, 8);
                    nonce[8] = (byte) ((fromServer ? 1 : 0) | (cancel ? 2 : 0));
                    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                    gcm.updateAAD(data);
                    return gcm.doFinal();
                }
                default:
                    throw new IllegalStateException();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(ByteBuf msg, int off, int len, boolean cancel) {
        byte[] expected = new byte[16];
        msg.getBytes(off + 48, expected);
        byte[] actual = sign(msg, off, len, false, cancel);
        return MessageDigest.isEqual(expected, actual);
    }
}
