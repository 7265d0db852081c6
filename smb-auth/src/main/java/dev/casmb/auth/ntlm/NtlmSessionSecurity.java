package dev.casmb.auth.ntlm;

import java.util.Arrays;

import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * NTLM message integrity and confidentiality with extended session security (MS-NLMP 3.4).
 *
 * <p>Each direction has its own SignKey/SealKey (3.4.5.2, 3.4.5.3), RC4 handle and sequence number.
 * The RC4 handles are streams that persist across messages of one connection (connection-oriented
 * mode, as used by DCE/RPC); the same handle encrypts both sealed data and the signature checksum, in
 * that order (3.4.3, 3.4.4.2). Signature: Version(1) || Checksum(8) || SeqNum(4).
 *
 * <p>SPNEGO's mechListMIC (RFC 4178, MS-SPNG 3.1.5.1) is computed with {@link #sign}/{@link #verify},
 * which consume a sequence number and RC4 keystream; afterwards both peers call
 * {@link #resetAfterMechListMic()} which restarts RC4 and sequence numbers so that application
 * traffic (e.g. the first DCE/RPC PDU) starts fresh.
 *
 * <p>Thread-safe (methods are synchronized), but callers must still sign/seal in wire order.
 */
public final class NtlmSessionSecurity {

    public static final int SIGNATURE_LEN = 16;

    private final int flags;
    private final byte[] sendSignKey;
    private final byte[] recvSignKey;
    private final byte[] sendSealKey;
    private final byte[] recvSealKey;
    private RC4Engine sendRc4;
    private RC4Engine recvRc4;
    private int sendSeq;
    private int recvSeq;

    private NtlmSessionSecurity(int flags, byte[] exportedSessionKey, boolean server) {
        if (!NtlmFlags.has(flags, NtlmFlags.EXTENDED_SESSIONSECURITY)) {
            throw new IllegalStateException("NTLM session security requires EXTENDED_SESSIONSECURITY");
        }
        if (exportedSessionKey == null || exportedSessionKey.length != 16) {
            throw new IllegalArgumentException("session key must be 16 bytes");
        }
        this.flags = flags;
        byte[] c2sSign = NtlmCrypto.signKey(exportedSessionKey, true);
        byte[] s2cSign = NtlmCrypto.signKey(exportedSessionKey, false);
        byte[] c2sSeal = NtlmCrypto.sealKey(flags, exportedSessionKey, true);
        byte[] s2cSeal = NtlmCrypto.sealKey(flags, exportedSessionKey, false);
        this.sendSignKey = server ? s2cSign : c2sSign;
        this.recvSignKey = server ? c2sSign : s2cSign;
        this.sendSealKey = server ? s2cSeal : c2sSeal;
        this.recvSealKey = server ? c2sSeal : s2cSeal;
        reset();
    }

    /** Server role: sends with server-to-client keys, receives with client-to-server keys. */
    public static NtlmSessionSecurity forServer(int negotiatedFlags, byte[] exportedSessionKey) {
        return new NtlmSessionSecurity(negotiatedFlags, exportedSessionKey, true);
    }

    /** Client role (tests, or an outbound RPC client). */
    public static NtlmSessionSecurity forClient(int negotiatedFlags, byte[] exportedSessionKey) {
        return new NtlmSessionSecurity(negotiatedFlags, exportedSessionKey, false);
    }

    private void reset() {
        sendRc4 = new RC4Engine();
        sendRc4.init(true, new KeyParameter(sendSealKey));
        recvRc4 = new RC4Engine();
        recvRc4.init(true, new KeyParameter(recvSealKey));
        sendSeq = 0;
        recvSeq = 0;
    }

    /**
     * Restarts both RC4 streams and sequence numbers, as required after the SPNEGO mechListMIC
     * exchange when NTLM is used under SPNEGO (MS-SPNG 3.3.5.1 / MS-NLMP 3.4 note on mechListMIC).
     */
    public synchronized void resetAfterMechListMic() {
        // Only the RC4 handles restart; sequence numbers continue (the mechListMIC consumed number 0, so the
        // first application message uses 1). This is what Samba and pyspnego do and what Samba's DCE/RPC
        // client verifies; restarting the numbers too made every SPNEGO-signed RPC request fail.
        int s = sendSeq;
        int r = recvSeq;
        reset();
        sendSeq = s;
        recvSeq = r;
    }

    public int flags() {
        return flags;
    }

    /** GSS_GetMIC (3.4.4.2): signature over {@code msg}, consuming one send sequence number. */
    public synchronized byte[] sign(byte[] msg) {
        return mac(sendRc4, sendSignKey, sendSeq++, msg);
    }

    /** GSS_VerifyMIC: checks a peer signature, consuming one receive sequence number. */
    public synchronized boolean verify(byte[] msg, byte[] signature) {
        byte[] expected = mac(recvRc4, recvSignKey, recvSeq++, msg);
        return signature != null && NtlmCrypto.equal(expected, signature);
    }

    /** Seals {@code plaintext}; returns Signature(16) || ciphertext. */
    public synchronized byte[] seal(byte[] plaintext) {
        byte[] buf = plaintext.clone();
        byte[] sig = wrapEx(buf, 0, buf.length);
        byte[] out = new byte[SIGNATURE_LEN + buf.length];
        System.arraycopy(sig, 0, out, 0, SIGNATURE_LEN);
        System.arraycopy(buf, 0, out, SIGNATURE_LEN, buf.length);
        return out;
    }

    /** Inverse of {@link #seal}: input is Signature(16) || ciphertext. */
    public synchronized byte[] unseal(byte[] sealed) throws NtlmException {
        if (sealed == null || sealed.length < SIGNATURE_LEN) {
            throw NtlmException.malformed("sealed message shorter than signature");
        }
        byte[] sig = Arrays.copyOf(sealed, SIGNATURE_LEN);
        byte[] buf = Arrays.copyOfRange(sealed, SIGNATURE_LEN, sealed.length);
        if (!unwrapEx(buf, 0, buf.length, sig)) {
            throw new NtlmException(NtlmException.Reason.LOGON_FAILURE, "bad signature on sealed message");
        }
        return buf;
    }

    /**
     * GSS_WrapEx (3.4.6) for DCE/RPC: encrypts {@code data[encOff, encOff+encLen)} in place and returns
     * the signature, which for NTLMv2 covers the plaintext of all of {@code data} (3.4.6.1), e.g. the
     * PDU header, stub and auth-verifier header.
     */
    public synchronized byte[] wrapEx(byte[] data, int encOff, int encLen) {
        checkRegion(data, encOff, encLen);
        byte[] plain = data.clone();
        sendRc4.processBytes(data, encOff, encLen, data, encOff); // SEAL: encrypt message first (3.4.3)
        return mac(sendRc4, sendSignKey, sendSeq++, plain);
    }

    /**
     * GSS_UnwrapEx: decrypts {@code data[encOff, encOff+encLen)} in place and verifies {@code signature}
     * over the resulting plaintext of all of {@code data}.
     */
    public synchronized boolean unwrapEx(byte[] data, int encOff, int encLen, byte[] signature) {
        checkRegion(data, encOff, encLen);
        recvRc4.processBytes(data, encOff, encLen, data, encOff);
        byte[] expected = mac(recvRc4, recvSignKey, recvSeq++, data);
        return signature != null && NtlmCrypto.equal(expected, signature);
    }

    private static void checkRegion(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || (long) off + len > data.length) {
            throw new IllegalArgumentException("region outside buffer");
        }
    }

    /** MAC with extended session security (3.4.4.2). */
    private byte[] mac(RC4Engine handle, byte[] signKey, int seq, byte[] msg) {
        byte[] seqBytes = NtlmWire.le32(seq);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(signKey, seqBytes, msg), 8);
        if (NtlmFlags.has(flags, NtlmFlags.KEY_EXCH)) {
            handle.processBytes(checksum, 0, 8, checksum, 0);
        }
        byte[] sig = new byte[SIGNATURE_LEN];
        sig[0] = 1; // Version
        System.arraycopy(checksum, 0, sig, 4, 8);
        System.arraycopy(seqBytes, 0, sig, 12, 4);
        return sig;
    }
}
