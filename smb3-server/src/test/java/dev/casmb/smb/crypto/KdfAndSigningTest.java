package dev.casmb.smb.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key derivation and signing checked against values computed by an independent implementation (impacket/pycryptodome). */
class KdfAndSigningTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = new byte[16];
    private static final byte[] PREAUTH = new byte[64];

    static {
        for (int i = 0; i < 16; i++) KEY[i] = (byte) i;
        for (int i = 0; i < 64; i++) PREAUTH[i] = (byte) i;
    }

    @Test
    void smb30SigningKeyMatchesImpacket() {
        assertEquals("6234814cbb8ea9227440ebfeb5eacbe1",
            HEX.formatHex(Kdf.derive(KEY, Kdf.z("SMB2AESCMAC"), Kdf.z("SmbSign"), 128)));
    }

    @Test
    void smb311KeysUsePreauthHashAsContext() {
        assertEquals("f7e5401ecc6e79ef9eab401b05004e4f",
            HEX.formatHex(Kdf.derive(KEY, Kdf.z("SMBSigningKey"), PREAUTH, 128)));
        assertEquals("d09c44a545f554240ddf8ac2777570de0f590e402196d1006261f7448076384d",
            HEX.formatHex(Kdf.derive(KEY, Kdf.z("SMBC2SCipherKey"), PREAUTH, 256)));
    }

    @Test
    void aesCmacMatchesPycryptodome() {
        byte[] msg = "hello smb".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertEquals("9fd637c78bf32422e378c4c07496e00c",
            HEX.formatHex(new MessageSigner(SigningAlgorithm.AES_CMAC, KEY).sign(msg, false, false)));
    }

    @Test
    void signatureFieldIsIgnoredAndTamperingDetected() {
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            MessageSigner s = new MessageSigner(alg, KEY);
            byte[] msg = new byte[100];
            msg[0] = (byte) 0xFE;
            msg[24] = 7; // message id feeds the GMAC nonce
            byte[] sig = s.sign(msg, false, false);
            System.arraycopy(sig, 0, msg, 48, 16);
            ByteBuf b = Unpooled.wrappedBuffer(msg);
            assertTrue(s.verify(b, 0, msg.length, false), alg + " verifies its own signature");
            msg[80] ^= 1;
            assertFalse(s.verify(b, 0, msg.length, false), alg + " detects a flipped bit");
        }
    }

    @Test
    void gmacNonceDistinguishesSenderRole() {
        MessageSigner s = new MessageSigner(SigningAlgorithm.AES_GMAC, KEY);
        byte[] msg = new byte[80];
        assertFalse(java.util.Arrays.equals(s.sign(msg, true, false), s.sign(msg, false, false)));
        assertFalse(java.util.Arrays.equals(s.sign(msg, false, true), s.sign(msg, false, false)));
    }

    @Test
    void transformRoundTripsForEveryCipherAndRejectsTampering() throws Exception {
        for (CipherAlgorithm c : CipherAlgorithm.values()) {
            byte[] k1 = new byte[c.keyLength];
            byte[] k2 = new byte[c.keyLength];
            k2[0] = 1;
            TransformCodec server = new TransformCodec(c, k1, k2);
            TransformCodec client = new TransformCodec(c, k2, k1); // client encrypts with the server's decryption key
            byte[] plain = new byte[300];
            plain[0] = (byte) 0xFE;
            plain[299] = 42;
            ByteBuf enc = client.encrypt(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(plain), 0x1234);
            assertEquals(0x1234, TransformCodec.sessionIdOf(enc));
            assertArrayEquals(plain, server.decrypt(enc), c + " round trip");
            enc.setByte(enc.writerIndex() - 1, enc.getByte(enc.writerIndex() - 1) ^ 1);
            ByteBuf tampered = enc;
            assertThrows(java.security.GeneralSecurityException.class, () -> server.decrypt(tampered), c + " tamper");
        }
    }
}
