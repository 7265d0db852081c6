package dev.casmb.smb.crypto;

/** SMB 3.x encryption ciphers (MS-SMB2 2.2.3.1.2). */
public enum CipherAlgorithm {
    AES_128_CCM(0x0001, 16, 11, false),
    AES_128_GCM(0x0002, 16, 12, true),
    AES_256_CCM(0x0003, 32, 11, false),
    AES_256_GCM(0x0004, 32, 12, true);

    public final int id;
    public final int keyLength;
    public final int nonceLength;
    public final boolean gcm;

    CipherAlgorithm(int id, int keyLength, int nonceLength, boolean gcm) {
        this.id = id;
        this.keyLength = keyLength;
        this.nonceLength = nonceLength;
        this.gcm = gcm;
    }

    public static CipherAlgorithm byId(int id) {
        for (CipherAlgorithm c : values()) {
            if (c.id == id) return c;
        }
        return null;
    }
}
