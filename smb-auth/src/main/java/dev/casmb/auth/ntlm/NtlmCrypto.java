package dev.casmb.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** Crypto primitives and NTLMv2 key functions (MS-NLMP 3.3.2, 3.4.5, 6). */
public final class NtlmCrypto {
    private NtlmCrypto() {}

    public static byte[] hmacMd5(byte[] key, byte[]... parts) {
        HMac mac = new HMac(new MD5Digest());
        mac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    public static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One-shot RC4K(key, data) (MS-NLMP 6). */
    public static byte[] rc4(byte[] key, byte[] data) {
        RC4Engine rc4 = new RC4Engine();
        rc4.init(true, new KeyParameter(key));
        byte[] out = new byte[data.length];
        rc4.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    /** NTOWFv2 = HMAC_MD5(NTHash, UNICODE(Uppercase(User) + UserDom)) (MS-NLMP 3.3.2). */
    public static byte[] ntowfv2(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }

    /** NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp) (MS-NLMP 3.3.2). */
    /**
     * The NTLMv2 client blob "temp" (MS-NLMP 3.3.2): Responserversion 1, HiResponserversion 1, 6 zero bytes,
     * the 8-byte timestamp, the client challenge, 4 zero bytes, the AV pairs, 4 zero bytes.
     */
    public static byte[] ntlmv2Temp(byte[] timestamp, byte[] clientChallenge, byte[] avPairs) {
        byte[] temp = new byte[28 + avPairs.length + 4];
        temp[0] = 1;
        temp[1] = 1;
        System.arraycopy(timestamp, 0, temp, 8, 8);
        System.arraycopy(clientChallenge, 0, temp, 16, 8);
        System.arraycopy(avPairs, 0, temp, 28, avPairs.length);
        return temp;
    }

    public static byte[] ntProofStr(byte[] responseKeyNt, byte[] serverChallenge, byte[] temp) {
        return hmacMd5(responseKeyNt, serverChallenge, temp);
    }

    /** SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 KeyExchangeKey == SessionBaseKey. */
    public static byte[] sessionBaseKey(byte[] responseKeyNt, byte[] ntProofStr) {
        return hmacMd5(responseKeyNt, ntProofStr);
    }

    static final String CLIENT_SIGN = "session key to client-to-server signing key magic constant\0";
    static final String SERVER_SIGN = "session key to server-to-client signing key magic constant\0";
    static final String CLIENT_SEAL = "session key to client-to-server sealing key magic constant\0";
    static final String SERVER_SEAL = "session key to server-to-client sealing key magic constant\0";

    /** SIGNKEY (MS-NLMP 3.4.5.2), extended session security only. */
    public static byte[] signKey(byte[] exportedSessionKey, boolean clientToServer) {
        return md5(exportedSessionKey, (clientToServer ? CLIENT_SIGN : SERVER_SIGN).getBytes(StandardCharsets.US_ASCII));
    }

    /** SEALKEY (MS-NLMP 3.4.5.3), extended session security: key weakened per 128/56 flags. */
    public static byte[] sealKey(int flags, byte[] exportedSessionKey, boolean clientToServer) {
        int len = NtlmFlags.has(flags, NtlmFlags.NEG_128) ? 16 : NtlmFlags.has(flags, NtlmFlags.NEG_56) ? 7 : 5;
        byte[] k = java.util.Arrays.copyOf(exportedSessionKey, len);
        return md5(k, (clientToServer ? CLIENT_SEAL : SERVER_SEAL).getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time comparison. */
    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
